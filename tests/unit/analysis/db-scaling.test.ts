import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analysis/analyse.js';
import { panel, prng, series } from './fixtures.js';

const START = Date.UTC(2026, 11, 2, 5, 55);
const SCRAPE = 2_000;
const STEP = 14_000;

/**
 * A database driven directly (pgbench client steps 1, 2, 4, 8, 16: no application service),
 * seen through postgres_exporter and node_exporter as in the real lab (postgres-pgbench):
 * connections (clients + 2 of the exporter's), transactions per second, and a 2-core host
 * CPU busy from the first step because pgbench and the database share it.
 */
function pgbench(tps: number[], cpuFrom = 0, extra: { rollback?: number; slos?: string[] } = {}) {
  const conns = [3, 4, 6, 10, 18];
  const rand = prng(13);
  const t: number[] = [];
  const c: number[] = [];
  const x: number[] = [];
  const cpu: number[] = [];
  conns.forEach((n, k) => {
    for (let at = 0; at < STEP; at += SCRAPE) {
      t.push(START + k * STEP + at);
      c.push(n);
      x.push(tps[k]! * (1 + 0.03 * (rand() * 2 - 1)));
      cpu.push(k >= cpuFrom ? 0.99 : 0.6);
    }
  });
  return analyse({
    fromMs: START,
    toMs: START + conns.length * STEP,
    panels: [
      panel('database', 'pg_connections', series('conns', t, c)),
      panel('database', 'pg_tps', series('tps', t, x)),
      panel('infra', 'cpu', series('cpu', t, cpu)),
      ...(extra.rollback === undefined
        ? []
        : [
            panel(
              'database',
              'pg_rollback_ratio',
              series(
                'rollback',
                t,
                t.map(() => extra.rollback!),
              ),
            ),
          ]),
    ],
    slos: extra.slos ?? [],
    locale: 'en',
    tz: 'UTC',
  });
}

const findings = (r: ReturnType<typeof analyse>) =>
  r.domains.flatMap((d) => d.findings.map((f) => ({ ...f, domain: d.id })));

describe('a database that stops scaling with its connections', () => {
  it('is the bottleneck, though the shared host CPU was busy from the first step', () => {
    const r = pgbench([119, 232, 334, 431, 502]);
    const db = findings(r).find((f) => f.id === 'db_scaling');
    expect(db).toMatchObject({ domain: 'database', severity: 'high', role: 'bottleneck' });
    // Connections 6 → 10 (+67 %) gave only +29 % transactions: step 4.
    expect(db!.evidence).toMatch(/into step 4 \(6 → 10\)/);
    expect(findings(r).some((f) => f.id === 'cpu_saturation')).toBe(true);
    expect(r.bottleneck).toBe('database');
    // Still rising by more than a tenth at every step: the top step is the peak.
    expect(r.peak?.rps).toBeGreaterThan(480);
    expect(r.peak?.saturated).toBe(false);
  });

  it('is no finding while transactions follow the connections; the busy CPU is then the only lead', () => {
    const r = pgbench([119, 158, 236, 392, 700]);
    expect(findings(r).some((f) => f.id === 'db_scaling')).toBe(false);
    expect(r.bottleneck).toBe('infra');
  });

  it('leaves an earlier CPU saturation that did cap the throughput in the lead', () => {
    // The CPU saturates only at step 4 and throughput barely grows past it.
    const r = pgbench([119, 232, 334, 431, 460], 3);
    expect(findings(r).some((f) => f.id === 'cpu_saturation')).toBe(true);
    expect(r.bottleneck).toBe('infra');
  });
});

describe('the error rate of a database driven directly', () => {
  it('is its rolled-back share of transactions, so an error-rate SLO is evaluated', () => {
    const ok = pgbench([119, 232, 334, 431, 502], 0, { rollback: 0.002, slos: ['error_rate<1%'] });
    expect(ok.slo[0]).toMatchObject({ expr: 'error_rate<1%', passed: true });
    const bad = pgbench([119, 232, 334, 431, 502], 0, { rollback: 0.04, slos: ['error_rate<1%'] });
    expect(bad.slo[0]).toMatchObject({ expr: 'error_rate<1%', passed: false });
  });

  it('stays unevaluated without a rollback series', () => {
    const r = pgbench([119, 232, 334, 431, 502], 0, { slos: ['error_rate<1%'] });
    expect(r.slo[0]).toMatchObject({ expr: 'error_rate<1%', passed: null });
  });
});
