import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analysis/analyse.js';
import { orderFindings } from '../../../src/analysis/findings/collect.js';
import type { Finding } from '../../../src/analysis/findings/common.js';
import { scenarioByName } from '../../../src/sim/presets.js';
import { simPanels } from './sim-panels.js';

const BASE = Date.UTC(2026, 0, 15, 8);

function run(name: string, slos: string[], locale: 'en' | 'ru' = 'en') {
  const { panels, tl } = simPanels(scenarioByName(name, BASE));
  return analyse({ fromMs: tl.tMs[0]!, toMs: tl.tMs[tl.n - 1]!, panels, slos, locale, tz: 'UTC' });
}

const T = '\\d\\d:\\d\\d';

describe('the why line under the verdict (issue 14)', () => {
  it('FAIL with SLOs: the broken SLO with its value, load and step, then the bottleneck', () => {
    const r = run('step_db_pool', ['error_rate<1%']);
    expect(r.verdict).toBe('fail');
    expect(r.verdictReason.code).toBe('slo_failed_step');
    expect(r.verdictReason.text.en).toMatch(
      new RegExp(
        `^FAIL: errors \\d+\\.\\d\\s?% at \\d+\\s?rps \\(step 5, ${T}–${T}\\) broke \`error_rate<1%\`; bottleneck: Database — Database connection pool saturated from ${T}\\.$`,
      ),
    );
    expect(r.verdictReason.text.ru).toMatch(
      new RegExp(
        `^ПРОВАЛ: ошибки \\d+,\\d\\s?% при \\d+\\s?зап/с \\(ступень 5, ${T}–${T}\\) нарушили \`error_rate<1%\`; узкое место: База данных`,
      ),
    );
    expect(r.verdictReason.bottleneck?.domain).toBe('database');
  });

  it('without SLOs: says which built-in rule decided', () => {
    const fail = run('step_cpu', []);
    expect(fail.verdict).toBe('fail');
    expect(fail.verdictReason.code).toBe('rule_critical');
    expect(fail.verdictReason.text.en).toMatch(
      /^FAIL: no SLOs set; built-in rule "a critical finding fails the run": /,
    );
    expect(fail.verdictReason.text.en).toMatch(/bottleneck: Infrastructure — CPU saturated/);
    const risk = run('soak_leak', []);
    expect(risk.verdictReason.text.en).toMatch(
      /^RISK: no SLOs set; built-in rule "a high-severity finding is a risk": /,
    );
    const pass = run('step_none', []);
    expect(pass.verdictReason.text.en).toMatch(
      /^PASS: no SLOs set; built-in rules found no critical or high finding, peak \d+\srps \(step 6,/,
    );
    expect(pass.verdictReason.text.ru).toMatch(/^УСПЕХ: SLO не заданы; /);
    const held = run('step_none', ['p95<500ms', 'error_rate<1%']);
    expect(held.verdictReason.text.en).toMatch(/^PASS: all 2 SLOs held, peak \d+\srps/);
  });

  it('the bottleneck leads the findings; symptoms follow', () => {
    const r = run('step_db_pool', []);
    const all = r.domains.flatMap((d) => d.findings);
    expect(all.filter((f) => f.role === 'bottleneck').map((f) => f.id)).toEqual(['db_pool_saturated']);
    expect(
      all
        .filter((f) => f.role === 'symptom')
        .map((f) => f.id)
        .sort(),
    ).toEqual(['latency_knee', 'plateau_errors', 'throughput_plateau'].sort());
    const f = (id: string, severity: Finding['severity'], extra: Partial<Finding> = {}) =>
      ({ id, severity, domain: 'http', atMs: 0, ...extra }) as Finding;
    const lead = f('db_pool_saturated', 'high', { bottleneck: 'database' });
    const order = orderFindings(
      [
        f('plateau_errors', 'critical', { symptom: true }),
        f('cpu_saturation', 'high', { bottleneck: 'infra' }),
        lead,
      ],
      lead,
    ).map((x) => x.id);
    expect(order).toEqual(['db_pool_saturated', 'cpu_saturation', 'plateau_errors']);
  });

  it('a step is stable only when throughput, latency and errors held', () => {
    const r = run('step_db_pool', []);
    const overloaded = r.steps.filter((s) => (s.errorRate ?? 0) > 0.05);
    expect(overloaded.length).toBeGreaterThan(0);
    expect(overloaded.every((s) => !s.stable)).toBe(true);
    expect(r.steps.slice(0, 3).every((s) => s.stable)).toBe(true);
  });

  it('"throughput dropped" only when it fell: past capacity it is a degradation, with no drop marker', () => {
    const r = run('step_db_pool', []);
    expect(r.peak!.breakAt).not.toBeNull();
    expect(r.peak!.dropAt).toBeNull();
    expect(r.markers.dropAtMs).toBeNull();
    const summaries = r.domains.map((d) => d.summary).join(' ');
    expect(summaries).not.toMatch(/dropped/);
    expect(summaries).toMatch(/stopped following/);
  });
});
