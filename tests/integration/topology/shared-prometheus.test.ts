import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ReportJson } from '../../../src/analysis/report.types.js';
import { isLoadLensError } from '../../../src/core/errors.js';
import type { EngineContext } from '../../../src/pipeline/engine-context.js';
import { runReport } from '../../../src/pipeline/report-engine.js';
import { discoverTopology } from '../../../src/topology/discover-topology.js';
import type { Topology } from '../../../src/topology/topology.types.js';
import { engineContext } from '../report/engine-context.js';

/**
 * Issue 12's acceptance on real Prometheus: six simulated services share one Prometheus
 * (four under their own load tests in one window, one with background traffic, one whose
 * test ran an hour before). Every report is zero-config: no catalogue, no selector.
 */
const shared = inject('shared');
const W = shared.window;
const busy = Object.values(shared.services).filter((s) => s.role === 'under_load');

let ctx: EngineContext;
let topo: Topology;
beforeAll(async () => {
  ctx = await engineContext();
  topo = await discoverTopology(ctx.sources.prom!, W);
});
afterAll(async () => {
  await ctx?.store.close();
});

async function report(service?: string): Promise<ReportJson> {
  const out = await runReport(ctx, {
    fromMs: W.fromMs,
    toMs: W.toMs,
    service: service ?? null,
    charts: false,
  });
  return out.report;
}

describe('service inventory of a shared Prometheus', () => {
  it('lists every service with traffic in the window, and no exporter, load tool or earlier test', () => {
    const names = topo.services.map((s) => s.name).sort();
    expect(names).toEqual(
      Object.values(shared.services)
        .filter((s) => s.role !== 'before_window')
        .map((s) => s.app)
        .sort(),
    );
    expect(names).not.toContain('billing');
    for (const s of topo.services) expect(s.name).not.toMatch(/node|postgres|kafka|k6|locust|kubelet/);
  });

  it('knows each service’s label, stack, host and load test', () => {
    const stacks = {
      micrometer: 'micrometer',
      fastapi: 'fastapi',
      express: 'express',
      otel: 'otel',
      flask_custom: 'flask',
    };
    for (const truth of Object.values(shared.services)) {
      if (truth.role === 'before_window') continue;
      const s = topo.services.find((x) => x.name === truth.app);
      expect(s, truth.app).toBeDefined();
      expect(s?.stacks, truth.app).toContain(stacks[truth.stack]);
      expect(s?.hosts, truth.app).toContain(truth.hostIp);
      if (truth.role === 'under_load') {
        expect(s?.loadTool?.tool, truth.app).toBe(truth.loadTool?.tool);
        expect(s?.loadTool?.id, truth.app).toBe(truth.loadTool?.id);
      } else {
        expect(s?.loadTool, truth.app).toBeNull();
      }
    }
    // Locust names no target: only the shape of its load can credit it.
    const payments = topo.services.find((s) => s.name === 'payments');
    expect(payments?.loadTool?.how).toBe('correlation');
  });

  it('costs two round trips', () => {
    expect(topo.queries).toBe(2);
  });
});

describe('zero-config reports scoped to one service', () => {
  for (const truth of busy) {
    it(`${truth.app}: verdict ${truth.expectedVerdict}, peak ±8 %, bottleneck and every domain of its own`, async () => {
      const r = await report(truth.app);
      const detail = JSON.stringify({
        verdict: r.verdict,
        peak: r.peak?.rps,
        truth: truth.peak?.rps,
        scope: r.scope,
        bottleneck: r.bottleneck,
      });
      expect(r.service).toBe(truth.app);
      expect(r.scope?.service, detail).toBe(truth.app);
      expect(r.verdict, detail).toBe(truth.expectedVerdict);
      expect(r.bottleneck ?? null, detail).toBe(truth.bottleneckDomain);
      expect(r.peak, detail).not.toBeNull();
      expect(Math.abs((r.peak?.rps ?? 0) - truth.peak!.rps) / truth.peak!.rps, detail).toBeLessThanOrEqual(
        0.08,
      );
      for (const d of ['load', 'http', 'database', 'infra'] as const) {
        const dom = r.domains.find((x) => x.id === d);
        expect(dom?.status, `${d} ${detail}`).toBeDefined();
        expect(dom?.status, `${d} ${detail}`).not.toBe('no_data');
      }
      // Nothing from the other services: its own host, database and load test only.
      const m = r.scope?.matched ?? {};
      const text = (d: keyof typeof m) => (m[d] ?? []).join(' ');
      const hostRe = (ip: string) => ip.replaceAll('.', '\\\\.');
      expect(text('infra'), detail).toContain(hostRe(truth.hostIp));
      expect(text('database'), detail).toContain(`datname="${truth.dbName}"`);
      expect(text('load'), detail).toContain(truth.loadTool!.id);
      const all = Object.values(m).flat().join(' ');
      for (const other of Object.values(shared.services)) {
        if (other.app === truth.app) continue;
        expect(all, `${other.app} leaked into ${truth.app}`).not.toContain(`"${other.app}"`);
        expect(all, `${other.app}'s host leaked into ${truth.app}`).not.toContain(hostRe(other.hostIp));
      }
    });
  }

  it('a name found nowhere lists the services that had traffic', async () => {
    const err = await report('nosuch').catch((e: unknown) => e);
    expect(isLoadLensError(err, 'UNKNOWN_SERVICE')).toBe(true);
    expect((err as Error).message).toMatch(
      /no service named nosuch had traffic between .* and .*; services with traffic: /,
    );
    expect((err as Error).message).toContain('payments');
  });

  it('an unscoped report refuses to mix the services under load and lists them', async () => {
    const err = await report().catch((e: unknown) => e);
    expect(isLoadLensError(err, 'SERVICE_AMBIGUOUS')).toBe(true);
    for (const t of busy) expect((err as Error).message).toContain(t.app);
  });

  it('a selector that only names a service is the service: the load tool, host and database stay', async () => {
    const out = await runReport(ctx, {
      fromMs: W.fromMs,
      toMs: W.toMs,
      selector: 'application="orders"',
      charts: false,
    });
    const statuses = Object.fromEntries(out.report.domains.map((d) => [d.id, d.status]));
    expect(out.report.scope?.service).toBe('orders');
    for (const d of ['load', 'http', 'jvm', 'database', 'infra']) expect(statuses[d], d).not.toBe('no_data');
  });
});
