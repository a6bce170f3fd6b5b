import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { panelSpec } from '../../../src/analysis/panels.js';
import { INFLUX_PACKS, PROM_PACKS } from '../../../src/packs/registry.js';
import type { LabelsOf, PackContext, PanelQuery } from '../../../src/packs/types.js';
import { SIM_LABELS, SIM_NAMES } from './fakes.js';

const JMETER = [
  'jmeter_threads',
  'jmeter_success_ratio_total',
  'jmeter_success_ratio_failure',
  'jmeter_rt_summary',
];
/** A Node service's hand-rolled `pg` pool gauges (the lab's express service). */
const NODE_POOL = ['pg_pool_connections', 'pg_pool_waiting', 'pg_pool_max'];
const names = new Set([...SIM_NAMES, ...JMETER, ...NODE_POOL]);
const labelsOf: LabelsOf = (m) => (SIM_LABELS[m] ? new Set(SIM_LABELS[m]) : undefined);
const ctx = (selector: string): PackContext => ({ selector, rateWindow: '1m', names, labelsOf });

/** Every query of every PromQL pack, as if all families were present. */
const allPromQueries = (selector: string): PanelQuery[] =>
  PROM_PACKS.flatMap((p) => p.queries(ctx(selector)));

describe('built-in PromQL queries', () => {
  const selector = 'scenario="s1",application="orders"';
  const queries = allPromQueries(selector);

  it('cover every pack', () => {
    expect(new Set(queries.map((q) => `${q.domain}/${q.pack}`)).size).toBe(
      new Set(PROM_PACKS.map((p) => `${p.domain}/${p.id}`)).size,
    );
    for (const q of queries) expect(q.promql, `${q.pack} ${q.panel}`).toBeTruthy();
  });

  it('inject the selector into every vector selector', () => {
    for (const q of queries) {
      const text = q.promql ?? '';
      const selectors = [...text.matchAll(/([a-zA-Z_:][\w:]*)\{([^}]*)\}/g)];
      expect(selectors.length, text).toBeGreaterThan(0);
      for (const m of selectors) expect(m[2], `${q.pack}.${q.panel}: ${m[0]}`).toContain(selector);
      // No metric appears without braces (which would escape the selector).
      for (const name of names) {
        for (const hit of text.matchAll(new RegExp(`\\b${name}\\b(.?)`, 'g'))) {
          expect(hit[1], `${q.pack}.${q.panel}: ${name} in ${text}`).toBe('{');
        }
      }
    }
  });

  it('write no empty braces or stray commas when the selector is empty', () => {
    for (const q of allPromQueries('')) {
      expect(q.promql).not.toMatch(/\{\s*\}|\{\s*,|,\s*\}/);
    }
  });

  it('follow the panel catalogue for role and unit; extras are gauges', () => {
    for (const q of [
      ...queries,
      ...INFLUX_PACKS.flatMap((p) => p.queries({ selector: '', rateWindow: '1m' })),
    ]) {
      const spec = panelSpec(q.domain, q.panel);
      if (spec) {
        expect({ role: q.role, unit: q.unit }, `${q.domain}.${q.panel}`).toEqual({
          role: spec.role,
          unit: spec.unit,
        });
      } else {
        expect(q.role, `${q.domain}.${q.panel}`).toBe('gauge');
      }
    }
  });

  it('aggregate key panels into one series and convert milliseconds', () => {
    const byKey = (pack: string, panel: string) =>
      queries.find((q) => q.pack === pack && q.panel === panel)?.promql;
    expect(byKey('micrometer', 'rps')).toBe(
      'sum(rate(http_server_requests_seconds_count{scenario="s1",application="orders",uri!~"/actuator.*"}[1m]))',
    );
    // Latency quantiles are computed client-side from one bucket fetch per histogram.
    const full = (pack: string, panel: string) => queries.find((q) => q.pack === pack && q.panel === panel);
    expect(byKey('micrometer', 'p95')).toMatch(
      /^sum by \(le, uri\)\(rate\(http_server_requests_seconds_bucket\{/,
    );
    for (const panel of ['p50', 'p99', 'p95_by_route']) {
      expect(byKey('micrometer', panel)).toBe(byKey('micrometer', 'p95'));
    }
    expect(full('micrometer', 'p95')?.buckets?.value).toEqual({ quantile: 0.95 });
    expect(full('micrometer', 'p95_by_route')?.buckets?.byRoute).toBe(true);
    expect(full('otel_ms', 'p95')?.buckets?.divisor).toBe(1000);
    // What the panel equals stays its query, so links open the quantile, not the buckets.
    expect(full('micrometer', 'p95')?.buckets?.shows).toMatch(
      /^histogram_quantile\(0\.95, sum by \(le\)\(rate\(/,
    );
    expect(full('micrometer', 'p95_by_route')?.buckets?.shows).toMatch(
      /^histogram_quantile\(0\.95, sum by \(le, uri\)/,
    );
    expect(full('otel_ms', 'p95')?.buckets?.shows).toMatch(/\/ 1000$/);
    expect(byKey('locust', 'p95')).toContain('name="Aggregated"');
    expect(byKey('locust', 'p95')).toMatch(/\/ 1000$/);
    expect(byKey('kafka_exporter', 'lag')).toContain('topic!~"__.*"');
    expect(byKey('fastapi', 'errors')).toContain('status=~"5.."');
    expect(byKey('generic', 'error_rate')).toContain(
      'flask_app_request_count_total{scenario="s1",application="orders",http_status=~"5.."}',
    );
    expect(byKey('generic', 'p95')).toContain('flask_app_request_latency_seconds_bucket');
  });

  describe('are valid PromQL for promtool', () => {
    const dir = mkdtempSync(join(tmpdir(), 'packs-promql-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const check = (exprs: string[]) => {
      const file = join(dir, `rules-${exprs.length}.yml`);
      const rules = exprs.map((expr, i) => ({ record: `loadlens:check_${i}`, expr }));
      writeFileSync(file, stringify({ groups: [{ name: 'packs', rules }] }));
      return execFileSync('promtool', ['check', 'rules', file], { encoding: 'utf8', stdio: 'pipe' });
    };

    it('with and without a selector', () => {
      const exprs = [...allPromQueries(''), ...allPromQueries('scenario="s1",job=~"a|b"')].map(
        (q) => q.promql ?? '',
      );
      expect(check(exprs)).toContain('SUCCESS');
    });

    it('and the check itself can fail', () => {
      expect(() => check(['sum(rate(x[1m])'])).toThrow();
    });
  });
});

describe('built-in InfluxDB queries', () => {
  const measurements = new Set([
    'jmeter',
    'http_reqs',
    'http_req_duration',
    'vus',
    'http_req_failed',
    'gatling',
  ]);
  const all = INFLUX_PACKS.flatMap((p) =>
    p.queries({ selector: '', rateWindow: '1m', names: measurements, influxApplication: "or'ders" }),
  );

  it('use the client placeholders in InfluxQL and Flux', () => {
    for (const q of all) {
      expect(q.influxql, q.panel).toContain('$timeFilter');
      expect(q.influxql).toContain('GROUP BY time($interval) fill(none)');
      if (q.flux) {
        expect(q.flux).toContain('from(bucket: "$bucket")');
        expect(q.flux).toContain('range(start: $from, stop: $to)');
        expect(q.flux).toContain('every: $interval');
      }
    }
  });

  it('filter JMeter totals and the application, quoting safely', () => {
    const rps = all.find((q) => q.pack === 'jmeter_influx' && q.panel === 'rps');
    expect(rps?.influxql).toBe(
      `SELECT sum("count") FROM "jmeter" WHERE "application" = 'or\\'ders' AND "transaction" = 'all' AND "statut" = 'all' AND $timeFilter GROUP BY time($interval) fill(none)`,
    );
    expect(rps?.transform).toEqual({ perSecond: true });
    const users = all.find((q) => q.pack === 'jmeter_influx' && q.panel === 'users');
    expect(users?.influxql).toContain(`"transaction" = 'internal'`);
    const p95 = all.find((q) => q.pack === 'jmeter_influx' && q.panel === 'p95');
    expect(p95?.influxql).toContain('mean("pct95.0") / 1000');
  });

  it('turn k6 samples into rate, seconds and a failure ratio', () => {
    const k6 = (panel: string) => all.find((q) => q.pack === 'k6_influx' && q.panel === panel);
    expect(k6('rps')?.influxql).toContain('sum("value") FROM "http_reqs"');
    expect(k6('rps')?.transform?.perSecond).toBe(true);
    expect(k6('p95')?.influxql).toContain('percentile("value", 95) / 1000 FROM "http_req_duration"');
    expect(k6('error_rate')?.influxql).toContain('mean("value") FROM "http_req_failed"');
    expect(k6('users')?.influxql).toContain('FROM "vus"');
  });
});
