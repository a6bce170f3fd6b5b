import type { InventoryRow } from './topology.types.js';

/**
 * The instrumentation stacks a service's own rows reveal. Two services sharing a metric
 * name are told apart by their labels: express-prom-bundle's
 * `http_request_duration_seconds` carries `status_code`/`path`, the FastAPI
 * instrumentator's carries `handler` (and its `http_requests_total` a `status`).
 */
export function stacksOf(rows: readonly InventoryRow[]): string[] {
  const out = new Set<string>();
  const has = (name: string, flag?: string) =>
    rows.some((r) => r.name === name && (flag === undefined || r.flags.has(flag)));
  const prefixed = (re: RegExp) => rows.some((r) => re.test(r.name));
  if (has('http_server_requests_seconds_count')) out.add('micrometer');
  if (has('jvm_memory_used_bytes')) out.add('jvm');
  if (prefixed(/^hikaricp_/)) out.add('hikaricp');
  if (has('http_server_request_duration_seconds_count') || has('http_server_duration_milliseconds_count'))
    out.add('otel');
  if (has('http_requests_total', 'handler') || has('http_request_duration_seconds_count', 'handler'))
    out.add('fastapi');
  if (
    has('http_request_duration_seconds_count', 'status_code') &&
    !has('http_request_duration_seconds_count', 'handler')
  )
    out.add('express');
  if (prefixed(/^nodejs_/)) out.add('prom-client');
  if (prefixed(/^flask_/)) out.add('flask');
  if (prefixed(/^litestar_/)) out.add('litestar');
  if (
    out.size === 0 &&
    rows.some((r) => /(request|http).*_total$|_(seconds|milliseconds)_count$/.test(r.name))
  )
    out.add('generic');
  return [...out];
}
