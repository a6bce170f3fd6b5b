import { httpQueries, serverErrorMatcher, statusLabelOf } from '../http-family.js';
import type { LabelsOf, Pack } from '../types.js';

/** Names the specific packs always own (their detection needs nothing else). */
const OWNED = new Set([
  'http_server_requests_seconds_count',
  'http_server_request_duration_seconds_count',
  'http_server_duration_milliseconds_count',
  'http_server_requests_seconds_bucket',
  'http_server_request_duration_seconds_bucket',
  'http_server_duration_milliseconds_bucket',
]);

/** FastAPI's names are common (`http_requests_total`): owned only when the FastAPI pack applies. */
const FASTAPI = [
  'http_requests_total',
  'http_request_duration_seconds_count',
  'http_request_duration_seconds_bucket',
];

function owned(names: ReadonlySet<string>): (n: string) => boolean {
  const fastapi = names.has('http_requests_total') && names.has('http_request_duration_seconds_count');
  // express-prom-bundle owns `http_request_duration_seconds` when it comes alone.
  const express = !names.has('http_requests_total') && names.has('http_request_duration_seconds_count');
  return (n) =>
    OWNED.has(n) ||
    (fastapi && FASTAPI.includes(n)) ||
    (express && n.startsWith('http_request_duration_seconds'));
}

/** Families that are not the service's HTTP server: load tools, exporters, the monitoring stack. */
const FOREIGN_PREFIX =
  /^(k6_|locust_|jmeter_|gatling_|prometheus_|promhttp_|alertmanager_|grafana_|go_|process_|node_|container_|kafka_|pg_|hikaricp_|jvm_|influxdb_|loki_|net_conntrack_|scrape_|nodejs_|python_|dotnet_|ruby_|erlang_|http_client_)/;

const COUNTER = /(request|http)/;
const NOT_A_REQUEST_COUNT = /(bytes|size|exception|in_?progress|inflight|active|client)/;
const HISTOGRAM = /(latency|duration).*_(seconds|milliseconds|ms)_bucket$/;
const ROUTE_LABELS = ['route', 'endpoint', 'handler', 'path', 'uri', 'http_route'];

/** `_total` counters that look like request counts, best names first. */
export function genericCounterCandidates(names: ReadonlySet<string>): string[] {
  const isOwned = owned(names);
  const found = [...names].filter(
    (n) => n.endsWith('_total') && COUNTER.test(n) && !NOT_A_REQUEST_COUNT.test(n) && !isOwned(n),
  );
  const score = (n: string) => (/request_count_total$|requests_total$/.test(n) ? 0 : 1);
  return found
    .filter((n) => !FOREIGN_PREFIX.test(n))
    .sort((a, b) => score(a) - score(b) || a.localeCompare(b));
}

/** Latency/duration histograms (by `_bucket` name) not owned by a specific pack. */
export function genericHistogramCandidates(names: ReadonlySet<string>): string[] {
  const isOwned = owned(names);
  return [...names]
    .filter((n) => HISTOGRAM.test(n) && !/client/.test(n) && !isOwned(n) && !FOREIGN_PREFIX.test(n))
    .sort((a, b) => a.localeCompare(b));
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** The metrics the generic pack settled on. */
export interface GenericChoice {
  counter: string;
  statusLabel?: string;
  /** Histogram base name (without `_bucket`). */
  histogram?: string;
  latencyDivisor?: number;
  routeLabel?: string;
}

/**
 * Picks the request counter (one carrying a status label; without inspected labels none
 * qualifies) and the histogram sharing the longest name prefix with it. A histogram alone
 * also works: its `_count` counts the requests.
 */
export function chooseGeneric(names: ReadonlySet<string>, labelsOf?: LabelsOf): GenericChoice | undefined {
  const counter = genericCounterCandidates(names).find((n) => statusLabelOf(labelsOf?.(n)) !== undefined);
  const buckets = genericHistogramCandidates(names);
  const ref = counter ?? '';
  const bucket = [...buckets].sort((a, b) => commonPrefix(b, ref) - commonPrefix(a, ref))[0];
  if (!counter && !bucket) return undefined;
  const histogram = bucket?.slice(0, -'_bucket'.length);
  const latencyDivisor = histogram && /_(milliseconds|ms)$/.test(histogram) ? 1000 : undefined;
  const counterName = counter ?? `${histogram}_count`;
  const labels = labelsOf?.(counterName);
  return {
    counter: counterName,
    statusLabel: statusLabelOf(labels),
    histogram,
    latencyDivisor,
    routeLabel: labels ? ROUTE_LABELS.find((l) => labels.has(l)) : undefined,
  };
}

/**
 * Metrics whose label names discovery should fetch for the generic pack: the likeliest
 * request counters and the `_count` of the likeliest histograms.
 */
export function genericInspectionTargets(names: ReadonlySet<string>): string[] {
  const counters = genericCounterCandidates(names).slice(0, 6);
  const histograms = genericHistogramCandidates(names)
    .slice(0, 3)
    .map((b) => `${b.slice(0, -'_bucket'.length)}_count`);
  return [...counters, ...histograms];
}

/**
 * Zero-config HTTP: any request counter with a status-like label (`status`, `code`,
 * `http_status`, …) and any latency/duration histogram, e.g. a Flask app's
 * `flask_app_request_count_total{http_status}` + `flask_app_request_latency_seconds`.
 */
export const genericHttpPack: Pack = {
  id: 'generic',
  domain: 'http',
  source: 'prom',
  detect: (names, labelsOf) => chooseGeneric(names, labelsOf) !== undefined,
  queries(ctx) {
    const choice = ctx.names ? chooseGeneric(ctx.names, ctx.labelsOf) : undefined;
    if (!choice) return [];
    return httpQueries(ctx, {
      pack: 'generic',
      counter: choice.counter,
      histogram: choice.histogram,
      hasBuckets: choice.histogram !== undefined,
      errorMatchers: choice.statusLabel ? [serverErrorMatcher(choice.statusLabel)] : [],
      routeLabel: choice.routeLabel,
      latencyDivisor: choice.latencyDivisor,
    });
  },
};
