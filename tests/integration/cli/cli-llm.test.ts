import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ReportJson } from '../../../src/analysis/report.types.js';
import { main } from '../../../src/cli/main.js';
import type { GroundTruth } from '../../../src/sim/scenario.js';
import { type FakeLlmServer, INVENTED, startOpenAiFake } from '../../fakes/openai-server.js';
import { containsNumber } from '../../unit/llm/fixtures.js';

const work = mkdtempSync(join(tmpdir(), 'loadlens-cli-llm-'));
let fake: FakeLlmServer;
beforeAll(async () => {
  fake = await startOpenAiFake({ kind: 'good' });
});
afterAll(async () => {
  await fake?.close();
  rmSync(work, { recursive: true, force: true });
});

async function reportJson(
  extraEnv: Record<string, string>,
): Promise<{ code: number; report: ReportJson; raw: string; ms: number }> {
  const t = inject('scenarios').step_db_pool as GroundTruth;
  let stdout = '';
  const started = Date.now();
  const code = await main(
    [
      'report',
      '--from',
      new Date(t.startMs).toISOString(),
      '--to',
      new Date(t.endMs).toISOString(),
      '--selector',
      `scenario="${t.scenario}"`,
      '--slo',
      'p95<500ms',
      '--json',
      '--no-charts',
    ],
    {
      env: {
        LOADLENS_DATA_DIR: join(work, 'data'),
        PROMETHEUS_URL: inject('promUrl'),
        LLM_PROVIDER: 'openai',
        OPENAI_API_KEY: 'sk-test',
        OPENAI_BASE_URL: fake.url,
        LLM_RETRIES: '0',
        ...extraEnv,
      },
      stdout: (s) => {
        stdout += s;
      },
      stderr: () => undefined,
    },
  );
  return { code, report: JSON.parse(stdout) as ReportJson, raw: stdout, ms: Date.now() - started };
}

describe('loadlens report --json with an LLM', () => {
  it('carries the narrative under llm, with the deterministic verdict and peak', async () => {
    fake.setScript({ kind: 'good' });
    const { code, report } = await reportJson({});
    expect(code).toBe(0);
    const llm = report.llm as { status: string; usage: { inputTokens: number } };
    expect(llm.status).toBe('ok');
    expect(llm.usage.inputTokens).toBeGreaterThan(0);
    expect(report.verdict).toBe('fail');
    expect(report.peak?.rps).toBeGreaterThan(150);
  });

  it('never lets an invented number into the JSON', async () => {
    fake.setScript({ kind: 'hallucinated' });
    const { report, raw } = await reportJson({});
    expect(report.llm).toBeTruthy();
    // The fake's answers carry these numbers; grounding must have removed every one.
    expect(fake.reported.answers).toBeGreaterThan(0);
    for (const n of INVENTED) expect(containsNumber(raw, n), n).toBe(false);
  });

  it('waits for the model at most LLM_TIMEOUT_MS', async () => {
    fake.setScript({ kind: 'slow', delayMs: 20_000 });
    const { code, report, ms } = await reportJson({ LLM_TIMEOUT_MS: '1500' });
    expect(code).toBe(0);
    expect((report.llm as { status: string }).status).toBe('timeout');
    expect(ms).toBeLessThan(10_000);
    expect(report.verdict).toBe('fail');
  });
});
