import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportJson } from '../../src/analysis/report.types.js';
import { type LabAsk, slosFromTruth } from './lab-requests.js';
import { bestStep, LAB_BOTTLENECK, LAB_SERVICE, type LabTruth } from './truth.js';

/** Runs a report of the lab's window (live Prometheus or a replayed recording). */
export type LabReport = (truth: LabTruth, ask?: LabAsk) => Promise<ReportJson>;

/** The engine's peak may differ from the tool's best step by this share (issue 13). */
export const PEAK_TOLERANCE = 0.15;
/** A step edge found within this distance of the tool's change counts as found (a third of a step). */
export const STEP_EDGE_TOLERANCE_MS = 5_000;

const iso = (ms: number) => new Date(ms).toISOString().slice(11, 19);

/** One line per side, so a failure shows what the engine returned next to the truth. */
export function explain(r: ReportJson, truth: LabTruth): string {
  const engine = {
    service: r.service,
    verdict: r.verdict,
    mode: r.mode,
    peak: r.peak,
    bottleneck: r.bottleneck,
    steps: r.steps.map((s) => `${s.from.slice(11, 19)}-${s.to.slice(11, 19)} ${Math.round(s.rps)}rps`),
    domains: r.domains.map((d) => `${d.id}:${d.status}[${(d.packs ?? []).join(',')}]`),
    findings: r.domains.flatMap((d) => d.findings.map((f) => `${d.id}:${f.severity}:${f.title}`)),
    slo: r.slo.map((s) => `${s.expr}=${s.actual}:${s.passed}`),
    warnings: r.warnings,
  };
  const tool = truth.steps.map(
    (s) =>
      `${iso(s.startMs)}-${iso(s.endMs)} x${s.load} ${Math.round(s.rps)}rps p95 ${s.p95Ms?.toFixed(1)}ms err ${s.errors}`,
  );
  return `engine: ${JSON.stringify(engine)}\ntool (${truth.tool}): ${JSON.stringify(tool)}`;
}

/**
 * The acceptance of issue 13 on one lab run: the peak within ±15 % of the tool's best step,
 * the steps where the tool changed them, the bottleneck flagged in its domain, and verdicts
 * that agree with the tool (SLOs it met hold; a target it never reached fails).
 */
export function describeLabAcceptance(
  lab: LabTruth['lab'],
  truthOf: () => LabTruth,
  report: LabReport,
): void {
  describe(`lab ${lab}`, () => {
    let plain: ReportJson;
    let truth: LabTruth;
    beforeAll(async () => {
      truth = truthOf();
      plain = await report(truth);
    });

    it(`a zero-config report of the window is about ${LAB_SERVICE[lab] ?? 'no application service'}`, async () => {
      const r = await report(truth, { scoped: false });
      expect(r.service, explain(r, truth)).toBe(LAB_SERVICE[lab]);
    });

    it(`the peak is within ±${PEAK_TOLERANCE * 100} % of the tool's best step`, () => {
      const best = bestStep(truth);
      expect(plain.peak, explain(plain, truth)).not.toBeNull();
      const err = Math.abs((plain.peak?.rps ?? 0) - best.rps) / best.rps;
      expect(err, explain(plain, truth)).toBeLessThanOrEqual(PEAK_TOLERANCE);
    });

    it('the steps are found where the tool changed them', () => {
      expect(plain.steps.length, explain(plain, truth)).toBe(truth.steps.length);
      truth.steps.forEach((s, i) => {
        const found = plain.steps[i];
        const from = found ? Date.parse(found.from) : Number.NaN;
        expect(
          Math.abs(from - s.startMs),
          `step ${i + 1} start\n${explain(plain, truth)}`,
        ).toBeLessThanOrEqual(STEP_EDGE_TOLERANCE_MS);
      });
    });

    it(`the bottleneck is flagged in the ${LAB_BOTTLENECK[lab]} domain`, () => {
      expect(plain.bottleneck ?? null, explain(plain, truth)).toBe(truth.bottleneck);
      const domain = plain.domains.find((d) => d.id === truth.bottleneck);
      expect(domain?.findings.length ?? 0, explain(plain, truth)).toBeGreaterThan(0);
      expect(['risk', 'fail'], explain(plain, truth)).toContain(domain?.status);
    });

    it('SLOs the tool met hold; a throughput target it never reached fails', async () => {
      const { met, missed } = slosFromTruth(truth);
      const ok = await report(truth, { slos: met });
      for (const expr of met) {
        expect(ok.slo.find((s) => s.expr === expr)?.passed, `${expr}\n${explain(ok, truth)}`).toBe(true);
      }
      expect(['pass', 'risk'], explain(ok, truth)).toContain(ok.verdict);
      const bad = await report(truth, { slos: [missed] });
      expect(bad.slo.find((s) => s.expr === missed)?.passed, explain(bad, truth)).toBe(false);
      expect(bad.verdict, explain(bad, truth)).toBe('fail');
    });
  });
}
