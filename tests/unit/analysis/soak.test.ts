import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analysis/analyse.js';
import { stepProfile } from '../../../src/sim/presets.js';
import type { Scenario } from '../../../src/sim/scenario.js';
import { simPanels } from './sim-panels.js';

const START = Date.UTC(2026, 0, 15, 8);
const SLOS = ['p95<500ms', 'error_rate<1%', 'rps>=90'];

/** A single 45-minute plateau at 100 rps (issue 13, "A soak is not evaluated"). */
function soak(over: Partial<Scenario> = {}): Scenario {
  return {
    name: 'soak_100',
    seed: 5,
    startMs: START,
    scrapeIntervalSec: 15,
    profile: stepProfile([100], 2700),
    capacityRps: 210,
    bottleneck: 'none',
    faults: [],
    ...over,
  };
}

function run(sc: Scenario, slos = SLOS, locale: 'en' | 'ru' = 'en') {
  const { panels, tl } = simPanels(sc);
  return analyse({ fromMs: tl.tMs[0]!, toMs: tl.tMs[tl.n - 1]!, panels, slos, locale, tz: 'UTC' });
}

describe('soaks and single plateaus', () => {
  it('a healthy soak: the plateau is the peak, not saturated, and rps>=90 holds on its throughput', () => {
    const r = run(soak());
    expect(r.mode).toBe('soak');
    expect(r.peak).not.toBeNull();
    expect(r.peak!.saturated).toBe(false);
    expect(Math.abs(r.peak!.rps - 100)).toBeLessThan(3);
    const rps = r.slo.find((s) => s.expr === 'rps>=90')!;
    expect(rps.passed).toBe(true);
    expect(Math.abs(rps.actual! - 100)).toBeLessThan(3);
    expect(r.verdict).toBe('pass');
  });

  // The case the issue saw: every latency/error SLO holds, but the consumer lag grows (a
  // slow consumer) — the plateau was judged unsustainable, so there was no peak, the rps
  // SLO failed with no value, the verdict was fail and the load domain said `fail` next to
  // "no findings".
  it('a soak whose consumer falls behind: rps is still the plateau throughput; the verdict is risk, not fail', () => {
    const r = run(soak({ capacityRps: 95, bottleneck: 'kafka' }));
    expect(r.mode).toBe('soak');
    expect(r.slo.filter((s) => s.expr !== 'rps>=90').every((s) => s.passed === true)).toBe(true);
    expect(r.peak).not.toBeNull();
    expect(r.peak!.saturated).toBe(true);
    const rps = r.slo.find((s) => s.expr === 'rps>=90')!;
    expect(rps.actual).not.toBeNull();
    expect(rps.passed).toBe(true);
    expect(r.verdict).toBe('risk');
    const kafka = r.domains.find((d) => d.id === 'kafka')!;
    expect(kafka.status).toBe('risk');
    expect(kafka.findings.map((f) => f.id)).toContain('consumer_lag_growing');
  });

  it("every domain's status agrees with its findings and SLOs, and a failed SLO is named in its summary", () => {
    for (const locale of ['en', 'ru'] as const) {
      // An error burst inside the soak breaks error_rate<1% over the plateau.
      const r = run(
        soak({ faults: [{ kind: 'error_burst', atSec: 1200, durationSec: 120, errorRate: 0.2 }] }),
        SLOS,
        locale,
      );
      expect(r.verdict).toBe('fail');
      expect(r.peak?.saturated).toBe(true);
      for (const d of r.domains) {
        const failedSlo = r.slo.filter((s) => s.passed === false);
        const critical = d.findings.some((f) => f.severity === 'critical');
        const high = d.findings.some((f) => f.severity === 'high');
        if (d.status === 'fail') {
          expect(critical || d.summary.includes('SLO'), `${d.id}: ${d.summary}`).toBe(true);
        }
        if (d.status === 'risk') expect(high, d.id).toBe(true);
        if (d.status === 'ok') expect(critical || high, d.id).toBe(false);
        if (d.status === 'fail' && !critical) {
          expect(
            failedSlo.some((s) => d.summary.includes(s.expr)),
            d.summary,
          ).toBe(true);
        }
      }
      const http = r.domains.find((d) => d.id === 'http')!;
      expect(http.summary).toMatch(
        locale === 'en' ? /SLO error_rate<1% failed \(1[.,]\d+\s?%\)/ : /SLO error_rate<1% не выполнен/,
      );
    }
  });
});
