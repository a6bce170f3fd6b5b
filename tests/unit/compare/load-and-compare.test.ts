import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import type { CompareResult } from '../../../src/compare/compare.types.js';
import {
  baselineFor,
  compareStoredPair,
  compareStoredRuns,
  compareWithBaseline,
} from '../../../src/compare/load-and-compare.js';
import { isLoadLensError } from '../../../src/core/errors.js';
import { openStore } from '../../../src/store/open-store.js';
import type { Store } from '../../../src/store/store.js';
import { PGLITE_HOOK_TIMEOUT, pgliteFactory } from '../store/pglite-harness.js';
import { latencyFn, ratioFn, rpsFn, syntheticRun, T0, toNewRun, type ValueFn } from './fixtures.js';

const factory = pgliteFactory();
const work = mkdtempSync(join(tmpdir(), 'loadlens-compare-'));
const dataDir = join(work, 'data');
let store: Store;

const panels = (p95Ms: number): Record<string, ValueFn> => ({
  'load.users': rpsFn(0),
  'load.rps': rpsFn(),
  'http.p95': latencyFn(p95Ms, 0.03),
  'http.error_rate': ratioFn(0.001),
});
const LEVELS = [50, 100, 150];
const base = syntheticRun({ id: 'base-run', levels: LEVELS, panels: panels(80), seed: 1 });
const same = syntheticRun({
  id: 'same-run',
  levels: LEVELS,
  panels: panels(80),
  seed: 2,
  startMs: T0 + 3_600_000,
});
const slow = syntheticRun({
  id: 'slow-run',
  levels: LEVELS,
  panels: panels(110),
  seed: 3,
  startMs: T0 + 7_200_000,
});
const orphan = syntheticRun({ id: 'orphan-run', levels: LEVELS, panels: panels(80), seed: 4, service: null });
const other = syntheticRun({
  id: 'other-run',
  levels: LEVELS,
  panels: panels(80),
  seed: 5,
  service: 'billing',
});

beforeAll(async () => {
  // The CLI opens `<LOADLENS_DATA_DIR>/pglite`: seed a copy of the empty template there.
  mkdirSync(dataDir, { recursive: true });
  await factory.copyTemplate(join(dataDir, 'pglite'));
  store = await openStore({ dataDir });
  for (const r of [base, same, slow, orphan, other]) await store.saveRun(toNewRun(r));
  await store.setBaseline('orders', base.id, 'tester');
}, PGLITE_HOOK_TIMEOUT);

afterAll(async () => {
  factory.cleanup();
  rmSync(work, { recursive: true, force: true });
});

/** Runs the CLI in-process on the seeded data dir (the test's own store must be closed by then). */
async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    env: { LOADLENS_DATA_DIR: dataDir, LOCALE: 'en', TZ: 'UTC' },
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { code, stdout, stderr };
}

describe('stored comparisons', () => {
  it('compares two stored runs from their series and steps', async () => {
    const r = await compareStoredRuns(store, base.id, slow.id);
    expect(r.a).toBe(base.id);
    expect(r.b).toBe(slow.id);
    expect(r.verdict).toBe('regression');
    expect(r.alignment.mode).toBe('steps');
    expect(r.top[0]!.metric).toBe('p95');
    const pair = await compareStoredPair(store, base.id, same.id);
    expect(pair.result.verdict).toBe('no_change');
    expect(pair.a.series.length).toBe(base.series.length);
  });

  it('an unknown run id is NOT_FOUND', async () => {
    const err = await compareStoredRuns(store, base.id, 'nope').catch((e: unknown) => e);
    expect(isLoadLensError(err, 'NOT_FOUND')).toBe(true);
    expect((err as Error).message).toMatch(/run "nope" not found/);
  });

  it('compares a run with its service’s baseline, and says so in the summary line', async () => {
    const r = await compareWithBaseline(store, { id: slow.id, service: 'orders' });
    expect(r).not.toBeNull();
    expect(r!.a).toBe(base.id);
    expect(r!.verdict).toBe('regression');
    expect(r!.summary.en).toMatch(/^vs baseline base-run: regression: Latency p95 .* rose \d+%/);
    expect(r!.summary.ru).toMatch(
      /^по сравнению с базовым прогоном base-run: регрессия: Задержка p95 .*рост на/,
    );
  });

  it('no baseline comparison for the baseline itself, a run without service or baseline, or an invalid baseline', async () => {
    expect(await compareWithBaseline(store, { id: base.id, service: 'orders' })).toBeNull();
    expect(await compareWithBaseline(store, { id: orphan.id, service: null })).toBeNull();
    expect(await compareWithBaseline(store, { id: other.id, service: 'billing' })).toBeNull();
    expect((await baselineFor(store, { id: slow.id, service: 'orders' }))?.id).toBe(base.id);
  });
});

describe('loadlens compare', () => {
  // PGlite allows one process-local connection to a data dir: hand it over to the CLI.
  beforeAll(async () => {
    await store.close();
  });

  it('--json prints exactly one JSON object with the contract fields', async () => {
    const r = await cli(['compare', base.id, slow.id, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const json = JSON.parse(r.stdout) as CompareResult;
    expect(json.a).toBe(base.id);
    expect(json.b).toBe(slow.id);
    expect(json.verdict).toBe('regression');
    const c = json.changes[0]!;
    expect(Object.keys(c)).toEqual(
      expect.arrayContaining([
        'domain',
        'metric',
        'series',
        'stat',
        'a',
        'b',
        'deltaPct',
        'pValue',
        'significant',
        'direction',
      ]),
    );
  });

  it('prints the verdict and the top changes, in Russian with --lang ru', async () => {
    const en = await cli(['compare', base.id, slow.id]);
    expect(en.code).toBe(0);
    expect(en.stdout).toMatch(/Verdict: REGRESSION/);
    expect(en.stdout).toMatch(/Aligned: 3 load step\(s\) matched by offered load/);
    expect(en.stdout).toMatch(/ {2}- Latency p95 at \d+\srps rose/);
    const ru = await cli(['compare', base.id, same.id, '--lang', 'ru']);
    expect(ru.stdout).toMatch(/Вердикт: ЗНАЧИМЫХ ИЗМЕНЕНИЙ НЕТ/);
  });

  it('--baseline compares a run with its baseline; --fail-on regression exits 2; --out writes overlays', async () => {
    const out = join(work, 'charts');
    const r = await cli([
      'compare',
      slow.id,
      '--baseline',
      '--json',
      '--fail-on',
      'regression',
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(2);
    expect((JSON.parse(r.stdout) as CompareResult).a).toBe(base.id);
    expect(existsSync(join(out, 'compare-http-p95.png'))).toBe(true);
    const none = await cli(['compare', other.id, '--baseline']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/service "billing" has no baseline/);
  });

  it('an unknown run id is one clear line and exit 1', async () => {
    const r = await cli(['compare', base.id, 'no-such-run']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^loadlens compare: run "no-such-run" not found/);
    const args = await cli(['compare', base.id]);
    expect(args.code).toBe(1);
    expect(args.stderr).toMatch(/expected two run ids/);
  });
});
