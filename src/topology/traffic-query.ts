import { genericCounterCandidates, genericHistogramCandidates } from '../packs/packs/http-generic.js';
import { normaliseSelector, rateWindow, withSelector } from '../packs/selector.js';
import type { Series } from '../sources/series.js';
import { niceStep } from '../sources/step.js';
import { FAMILY_LABEL, SERVICE_LABELS, TARGET_LABEL } from './families.js';

/** Request counters of the instrumentations the packs know, and the matchers that drop non-user traffic. */
const KNOWN_COUNTERS: Record<string, string[]> = {
  http_server_requests_seconds_count: ['uri!~"/actuator.*"'],
  http_server_request_duration_seconds_count: [],
  http_server_duration_milliseconds_count: [],
  http_requests_total: [],
  http_request_duration_seconds_count: [],
};

/** The request counters present among `names` (known ones, then generic candidates). */
export function requestCounters(names: ReadonlySet<string>): string[] {
  const known = Object.keys(KNOWN_COUNTERS).filter((n) => names.has(n));
  const generic = [
    ...genericCounterCandidates(names),
    ...genericHistogramCandidates(names).map((b) => `${b.slice(0, -'_bucket'.length)}_count`),
  ].filter((n) => names.has(n) && !known.includes(n));
  return [...known, ...new Set(generic)];
}

/** Load generators' request rates, tagged by the tool. */
function loadParts(names: ReadonlySet<string>, sel: string, rw: string): string[] {
  const parts: string[] = [];
  const tag = (expr: string, family: string) =>
    `label_replace(${expr}, "${FAMILY_LABEL}", "${family}", "", "")`;
  if (names.has('k6_http_reqs_total')) {
    const rate = `rate(${withSelector('k6_http_reqs_total', sel)}[${rw}])`;
    const withTarget = `label_replace(${rate}, "${TARGET_LABEL}", "$1", "name", "https?://([^/:]+).*")`;
    parts.push(tag(`sum by (testid, ${TARGET_LABEL}, job, instance) (${withTarget})`, 'k6'));
  }
  if (names.has('locust_requests_current_rps')) {
    const agg = withSelector('locust_requests_current_rps', sel, 'name="Aggregated"');
    parts.push(tag(`sum by (job, instance) (${agg})`, 'locust'));
  }
  for (const n of ['jmeter_requests_total', 'jmeter_success_ratio_total']) {
    if (names.has(n)) {
      parts.push(tag(`sum by (job, instance) (rate(${withSelector(n, sel)}[${rw}]))`, 'jmeter'));
      break;
    }
  }
  return parts;
}

/**
 * Step of the traffic profile: about 60 points over the window, never finer than the
 * scrape interval (15 s when unknown).
 */
export function trafficStep(fromMs: number, toMs: number, scrapeSec?: number | null): number {
  return niceStep(Math.max(scrapeSec && scrapeSec > 0 ? scrapeSec : 15, (toMs - fromMs) / 1000 / 60));
}

/**
 * One range query for every service's request rate per counter family and instance, and
 * every load generator's rate, at a coarse step: enough to rank services by traffic and to
 * see whose throughput follows which load test. Returns undefined when there is nothing
 * to ask.
 */
export function trafficQuery(
  names: ReadonlySet<string>,
  fromMs: number,
  toMs: number,
  selector?: string,
  scrapeSec?: number | null,
): { query: string; stepSec: number } | undefined {
  const sel = normaliseSelector(selector);
  const stepSec = trafficStep(fromMs, toMs, scrapeSec);
  const rw = rateWindow(stepSec, scrapeSec);
  const by = [...SERVICE_LABELS, 'instance'].join(', ');
  const parts = requestCounters(names).map((c) => {
    const rate = `rate(${withSelector(c, sel, KNOWN_COUNTERS[c] ?? [])}[${rw}])`;
    return `label_replace(sum by (${by}) (${rate}), "${FAMILY_LABEL}", "${c}", "", "")`;
  });
  parts.push(...loadParts(names, sel, rw));
  return parts.length === 0 ? undefined : { query: parts.join(' or '), stepSec };
}

/** One row of the traffic answer. */
export interface TrafficRow {
  family: string;
  labels: Record<string, string>;
  profile: number[];
}

/**
 * Parses the traffic answer onto one grid of `stepSec` from `fromMs`, so profiles of
 * series that appeared midway line up; missing points count as no traffic.
 */
export function parseTraffic(
  series: readonly Series[],
  fromMs: number,
  toMs: number,
  stepSec: number,
): TrafficRow[] {
  const stepMs = stepSec * 1000;
  const n = Math.floor((toMs - fromMs) / stepMs) + 1;
  return series
    .filter((s) => s.labels[FAMILY_LABEL])
    .map((s) => {
      const profile = new Array<number>(n).fill(0);
      s.t.forEach((t, i) => {
        const k = Math.round((t - fromMs) / stepMs);
        const v = s.v[i]!;
        if (k >= 0 && k < n && Number.isFinite(v)) profile[k] = v;
      });
      return { family: s.labels[FAMILY_LABEL] as string, labels: s.labels, profile };
    });
}
