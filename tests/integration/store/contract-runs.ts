import { describe, expect, it } from 'vitest';
import { type ContractContext, count, expectCode } from './contract-helpers.js';
import { makeRun, makeSeries, unique } from './fixtures.js';

/** Runs, series, domains and findings: save, read, list, rename, invalidate, delete. */
export function runsContract(ctx: ContractContext): void {
  describe(`store contract (${ctx.h.kind}): runs`, () => {
    it('reports its backend', () => {
      expect(ctx.store.backend.kind).toBe(ctx.h.kind);
      expect(typeof ctx.store.backend.timescale).toBe('boolean');
    });

    it('saves a run and reads it back with ids, domains, findings and series', async () => {
      const input = makeRun({ origin: 'telegram:42' });
      const saved = await ctx.store.saveRun(input);
      expect(saved.id).toMatch(/^[0-9a-z]{26}$/);
      const got = await ctx.store.getRun(saved.id);
      expect(got).not.toBeNull();
      expect(got!.name).toBe(input.name);
      expect(got!.service).toBe(input.service);
      expect(got!.from.getTime()).toBe(input.from.getTime());
      expect(got!.to.getTime()).toBe(input.to.getTime());
      expect(got!.verdict).toBe('pass');
      expect(got!.peak).toEqual(input.peak);
      expect(got!.timings).toEqual(input.timings);
      expect(got!.invalid).toBe(false);
      expect(got!.origin).toBe('telegram:42');
      expect(got!.createdAt).toBeInstanceOf(Date);
      expect(got!.report.runId).toBe(saved.id);
      expect(got!.report.slo).toEqual(input.report.slo);

      const domains = await ctx.store.getDomains(saved.id);
      expect(domains.map((d) => d.id)).toEqual(['http', 'jvm', 'kafka']);
      expect(domains[0]!.packs).toEqual(['micrometer']);
      expect(domains[2]!.reason).toBe('no kafka metrics');
      const ids = domains.flatMap((d) => d.findings.map((f) => f.id));
      expect(ids).toEqual(['http.1', 'http.2', 'custom-gc']);
      expect(domains[0]!.findings[1]!.evidence).toBe('x');
      // The stored report carries the same finding ids.
      expect(got!.report.domains.flatMap((d) => d.findings.map((f) => f.id))).toEqual(ids);

      const findings = await ctx.store.getFindings(saved.id);
      expect(findings.map((f) => [f.id, f.domain, f.severity])).toEqual([
        ['http.1', 'http', 'high'],
        ['http.2', 'http', 'low'],
        ['custom-gc', 'jvm', 'medium'],
      ]);
      expect(findings[0]!.at?.toISOString()).toBe(input.domains[0]!.findings[0]!.at);
      expect(findings[0]!.value).toBe(812.5);
      expect(findings[1]!.at).toBeNull();
      expect(findings[1]!.value).toBeNull();
      expect(findings[0]!.runId).toBe(saved.id);
    });

    it('keeps NaN as NaN and every other value exactly, in saved order', async () => {
      const odd = makeSeries('odd', 6, {
        f: (i) => [0.1 + 0.2, -1e-300, 1e300, Infinity, -0.5, 7][i]!,
        gap: (i) => i === 5,
      });
      const saved = await ctx.store.saveRun(
        makeRun({ series: [makeSeries('b', 10, { gap: (i) => i % 4 === 1 }), odd, makeSeries('a', 0)] }),
      );
      const series = await ctx.store.getSeries(saved.id);
      expect(series.map((s) => s.key)).toEqual(['b', 'odd', 'a']);
      const b = series[0]!;
      const expected = makeSeries('b', 10, { gap: (i) => i % 4 === 1 });
      expect(b.t).toEqual(expected.t);
      expect(b.v.map((x) => (Number.isNaN(x) ? 'NaN' : x))).toEqual(
        expected.v.map((x) => (Number.isNaN(x) ? 'NaN' : x)),
      );
      expect(b.labels).toEqual({ route: 'b' });
      expect([b.domain, b.panel, b.name, b.unit]).toEqual(['http', 'p95', 'name of b', 'ms']);
      expect(series[1]!.v.slice(0, 5)).toEqual([0.1 + 0.2, -1e-300, 1e300, Infinity, -0.5]);
      expect(Number.isNaN(series[1]!.v[5])).toBe(true);
      expect(series[2]!.t).toEqual([]);
      // Gaps are stored as SQL NULL, not as the float NaN.
      const stored = await ctx.db.query<{ nulls: number; nans: number }>(
        `SELECT count(*) FILTER (WHERE p.value IS NULL)::int AS nulls,
                count(*) FILTER (WHERE p.value = 'NaN'::float8)::int AS nans
           FROM points p JOIN series s ON s.id = p.series_id WHERE s.run_id = $1`,
        [saved.id],
      );
      expect(stored[0]).toEqual({ nulls: 4, nans: 0 });
      const only = await ctx.store.getSeries(saved.id, ['a', 'odd', 'missing']);
      expect(only.map((s) => s.key)).toEqual(['odd', 'a']);
      expect(await ctx.store.getSeries(saved.id, [])).toEqual([]);
    });

    it('saves 50 series x 2,000 points quickly and reads them back', async () => {
      const series = Array.from({ length: 50 }, (_, k) =>
        makeSeries(`bulk.${k}`, 2_000, { f: (i) => Math.sin(i + k) * 1000, gap: (i) => (i + k) % 97 === 0 }),
      );
      const run = makeRun({ series });
      // Warm-up: the first bulk insert of a process also pays for JIT compilation.
      await ctx.store.saveRun(
        makeRun({ series: series.slice(0, 25).map((x) => ({ ...x, key: `warm.${x.key}` })) }),
      );
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const saved = await ctx.store.saveRun(run);
      const cpu = process.cpuUsage(cpu0);
      const wallMs = performance.now() - t0;
      const cpuMs = (cpu.user + cpu.system) / 1000;
      console.info(
        `saveRun 50x2000 on ${ctx.h.kind}: ${wallMs.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms cpu here`,
      );
      // PGlite runs in this process, so its CPU time is the work itself, whatever else the
      // machine is doing; wall time on a busy shared CI box says little, so its bound is loose.
      if (ctx.h.kind === 'pglite') expect(cpuMs).toBeLessThan(1_000);
      expect(wallMs).toBeLessThan(10_000);
      const back = await ctx.store.getSeries(saved.id, ['bulk.0', 'bulk.49']);
      expect(back[1]!.t).toEqual(series[49]!.t);
      expect(back[1]!.v.filter(Number.isNaN).length).toBe(series[49]!.v.filter(Number.isNaN).length);
      expect(back[1]!.v[1]).toBe(series[49]!.v[1]);
      expect(
        await count(ctx.db, 'points p JOIN series s ON s.id = p.series_id WHERE s.run_id = $1', [saved.id]),
      ).toBe(100_000);
    });

    it('rejects bad input before writing anything', async () => {
      const run = makeRun();
      const bad = { ...run, series: [{ ...makeSeries('x', 3), v: [1, 2] }] };
      await expectCode(ctx.store.saveRun(bad), 'BAD_INPUT');
      await expectCode(
        ctx.store.saveRun({ ...run, series: [makeSeries('k', 1), makeSeries('k', 1)] }),
        'BAD_INPUT',
      );
      await expectCode(ctx.store.saveRun({ ...run, name: '  ' }), 'BAD_INPUT');
      await expectCode(ctx.store.saveRun({ ...run, from: new Date('nope') }), 'BAD_INPUT');
      expect(await ctx.store.listRuns({ service: run.service! })).toEqual([]);
      const first = await ctx.store.saveRun({ ...run, id: unique('fixed') });
      await expectCode(ctx.store.saveRun({ ...run, id: first.id }), 'BAD_INPUT');
    });

    it('lists with filters, search, window bounds and paging, newest first', async () => {
      const svc = unique('list');
      const other = unique('other');
      const a = await ctx.store.saveRun(
        makeRun({ service: svc, name: 'Checkout 100%_ramp', verdict: 'pass', fromMs: Date.UTC(2025, 1, 1) }),
      );
      const b = await ctx.store.saveRun(
        makeRun({ service: svc, name: 'search soak', verdict: 'fail', fromMs: Date.UTC(2025, 1, 2) }),
      );
      const c = await ctx.store.saveRun(
        makeRun({ service: svc, name: 'checkout spike', verdict: 'risk', fromMs: Date.UTC(2025, 1, 3) }),
      );
      const d = await ctx.store.saveRun(
        makeRun({ service: other, name: `about ${svc}`, fromMs: Date.UTC(2025, 1, 4) }),
      );
      const ids = (rs: { id: string }[]) => rs.map((r) => r.id);
      expect(ids(await ctx.store.listRuns({ service: svc }))).toEqual([c.id, b.id, a.id]);
      expect(ids(await ctx.store.listRuns({ service: svc, verdict: 'fail' }))).toEqual([b.id]);
      expect(ids(await ctx.store.listRuns({ service: svc, search: 'CHECKOUT' }))).toEqual([c.id, a.id]);
      // LIKE wildcards in the search text are literal.
      expect(ids(await ctx.store.listRuns({ service: svc, search: '100%_r' }))).toEqual([a.id]);
      expect(ids(await ctx.store.listRuns({ service: svc, search: '%' }))).toEqual([a.id]);
      // The search also matches the service name.
      expect(ids(await ctx.store.listRuns({ search: svc.toUpperCase() }))).toEqual([d.id, c.id, b.id, a.id]);
      const since = new Date(Date.UTC(2025, 1, 2));
      const until = new Date(Date.UTC(2025, 1, 3));
      expect(ids(await ctx.store.listRuns({ service: svc, since, until }))).toEqual([b.id]);
      expect(ids(await ctx.store.listRuns({ service: svc, limit: 2 }))).toEqual([c.id, b.id]);
      expect(ids(await ctx.store.listRuns({ service: svc, limit: 2, offset: 2 }))).toEqual([a.id]);
      expect((await ctx.store.latestRun(svc))?.id).toBe(c.id);
      expect((await ctx.store.latestRun(null))?.id).toBe(d.id);
      expect(await ctx.store.latestRun(unique('nobody'))).toBeNull();
    });

    it('renames, invalidates and reports unknown ids', async () => {
      const run = await ctx.store.saveRun(makeRun());
      expect(await ctx.store.renameRun(run.id, 'renamed')).toBe(true);
      const got = await ctx.store.getRun(run.id);
      expect(got!.name).toBe('renamed');
      expect(got!.report.name).toBe('renamed');
      expect(await ctx.store.renameRun('missing', 'x')).toBe(false);
      expect(await ctx.store.setRunInvalid(run.id, true)).toBe(true);
      expect((await ctx.store.getRun(run.id))!.invalid).toBe(true);
      expect(await ctx.store.setRunInvalid(run.id, false)).toBe(true);
      expect((await ctx.store.getRun(run.id))!.invalid).toBe(false);
      expect(await ctx.store.setRunInvalid('missing', true)).toBe(false);
      expect(await ctx.store.getRun('missing')).toBeNull();
      expect(await ctx.store.deleteRun('missing')).toBe(false);
    });

    it('deletes a run with everything hanging off it', async () => {
      const run = await ctx.store.saveRun(makeRun());
      const other = await ctx.store.saveRun(makeRun());
      await ctx.store.addSummaryVersion(run.id, 'bot', 'text');
      await ctx.store.putVote({ runId: run.id, target: 'verdict', voter: 'u1', value: 1, comment: null });
      await ctx.store.setBaseline(run.service!, run.id, 'u1');
      const alert = await ctx.store.addAlertEvent({
        source: 'grafana',
        groupKey: unique('g'),
        status: 'firing',
        service: null,
        labels: {},
        payload: {},
        runId: run.id,
      });
      expect(
        await count(ctx.db, 'points p JOIN series s ON s.id = p.series_id WHERE s.run_id = $1', [run.id]),
      ).toBe(25);
      expect(await ctx.store.deleteRun(run.id)).toBe(true);
      expect(await ctx.store.getRun(run.id)).toBeNull();
      for (const table of ['series', 'run_domains', 'findings', 'summaries', 'votes', 'baselines']) {
        expect(await count(ctx.db, `${table} WHERE run_id = $1`, [run.id]), table).toBe(0);
      }
      expect(
        await count(ctx.db, 'points p WHERE NOT EXISTS (SELECT 1 FROM series s WHERE s.id = p.series_id)'),
      ).toBe(0);
      expect(await ctx.store.getBaseline(run.service!)).toBeNull();
      expect((await ctx.store.listAlertEvents({ groupKey: alert.groupKey }))[0]!.runId).toBeNull();
      // The other run is untouched.
      expect((await ctx.store.getSeries(other.id)).length).toBe(2);
      expect(await ctx.store.deleteRun(run.id)).toBe(false);
    });
  });
}
