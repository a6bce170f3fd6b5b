import { isLoadLensError } from '../core/errors.js';
import type { PanelFailure } from '../sources/series.js';

const SYSTEMS = ['Prometheus', 'Grafana', 'InfluxDB'] as const;

/** Who failed: the transport's `details.system`, else the name a replayed message starts with. */
function systemOf(err: unknown): string {
  if (isLoadLensError(err) && typeof err.details.system === 'string') return err.details.system;
  const msg = err instanceof Error ? err.message : '';
  return SYSTEMS.find((s) => msg.startsWith(s)) ?? 'the source';
}

function kindOf(err: unknown): PanelFailure['kind'] {
  if (!isLoadLensError(err)) return 'error';
  switch (err.code) {
    case 'SOURCE_TIMEOUT':
      return 'timeout';
    case 'SOURCE_UNREACHABLE': {
      const status = Number(err.details.status);
      return status === 429 || status === 503 ? 'overloaded' : 'unreachable';
    }
    case 'SOURCE_QUERY_ERROR':
      return 'rejected';
    default:
      return 'error';
  }
}

/**
 * What a failed panel query tells the report: why the source gave up (timeout, overload,
 * unreachable, a rejected query), who gave up, after how many requests, and when — so the
 * surfaces can say "latency missing: Prometheus timed out after 3 tries at 02:14".
 */
export function panelFailure(err: unknown, now: () => number): PanelFailure {
  const tries = isLoadLensError(err) ? err.details.tries : undefined;
  return {
    kind: kindOf(err),
    source: systemOf(err),
    tries: typeof tries === 'number' && tries > 0 ? tries : 1,
    at: new Date(now()).toISOString(),
  };
}
