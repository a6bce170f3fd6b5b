import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { ReportJson } from '../../../src/analysis/report.types.js';
import { main } from '../../../src/cli/main.js';
import type { GroundTruth } from '../../../src/sim/scenario.js';

const work = mkdtempSync(join(tmpdir(), 'loadlens-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the CLI in-process with its own data dir; captures stdout and stderr. */
async function cli(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    env: { LOADLENS_DATA_DIR: join(work, 'data'), ...env },
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { code, stdout, stderr };
}

const truth = (name: string) => inject('scenarios')[name] as GroundTruth;
const iso = (ms: number) => new Date(ms).toISOString();
const windowArgs = (t: GroundTruth) => [
  '--from',
  iso(t.startMs),
  '--to',
  iso(t.endMs),
  '--selector',
  `scenario="${t.scenario}"`,
];

describe('loadlens CLI against real Prometheus', () => {
  it('report --json prints exactly one JSON object and writes charts and HTML', async () => {
    const out = join(work, 'out-json');
    const r = await cli([
      'report',
      ...windowArgs(truth('step_none')),
      '--json',
      '--out',
      out,
      '--prometheus',
      inject('promUrl'),
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as ReportJson;
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(report.verdict).toBe('pass');
    expect(report.charts.length).toBeGreaterThan(3);
    for (const c of report.charts) expect(existsSync(c.file)).toBe(true);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<html');
  });

  it('--fail-on exits 2 when the verdict is at that level, and runs lists the run', async () => {
    const r = await cli(
      [
        'report',
        ...windowArgs(truth('step_cpu')),
        '--slo',
        'p95<500ms',
        '--fail-on',
        'fail',
        '--no-charts',
        '--name',
        'cpu gate',
      ],
      { PROMETHEUS_URL: inject('promUrl') },
    );
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toMatch(/Verdict: FAIL/);
    const runs = await cli(['runs', '--json']);
    expect(runs.code).toBe(0);
    const rows = JSON.parse(runs.stdout) as Array<{ name: string; verdict: string }>;
    expect(rows.find((x) => x.name === 'cpu gate')?.verdict).toBe('fail');
  });

  it('record then replay rebuilds the same verdict and peak with no Prometheus', async () => {
    const file = join(work, 'rec.json');
    const rec = await cli(['record', ...windowArgs(truth('step_db_pool')), '--out', file], {
      PROMETHEUS_URL: inject('promUrl'),
    });
    expect(rec.code, rec.stderr).toBe(0);
    const live = await cli(['report', ...windowArgs(truth('step_db_pool')), '--json', '--no-charts'], {
      PROMETHEUS_URL: inject('promUrl'),
    });
    const replay = await cli(['report', '--replay', file, '--json', '--no-charts']);
    expect(replay.code, replay.stderr).toBe(0);
    const a = JSON.parse(live.stdout) as ReportJson;
    const b = JSON.parse(replay.stdout) as ReportJson;
    expect(b.verdict).toBe(a.verdict);
    expect(b.peak).toEqual(a.peak);
    expect(b.steps).toEqual(a.steps);
  });

  it('bad input gives one clear line and exit 1', async () => {
    const t = truth('step_none');
    const cases: Array<[string[], RegExp]> = [
      [['report', '--from', iso(t.endMs), '--to', iso(t.startMs)], /is not after the start/],
      [['report', '--from', 'now+1h', '--to', 'now+2h'], /in the future/],
      [['report', '--from', 'yesterday', '--to', 'now'], /not a time/],
      [['report', '--from', 'now-1h', '--to', 'now', '--slo', 'p95 fast'], /p95 fast/],
      [['report', '--from', 'now-1h', '--to', 'now', '--fail-on', 'maybe'], /--fail-on must be fail or risk/],
      [['report', '--bogus'], /Unknown option '--bogus'/],
      [['frobnicate'], /unknown command "frobnicate"/],
    ];
    for (const [args, re] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(re);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });

  it('an unreachable Prometheus still produces a report, says why on one line, exits 1', async () => {
    const t = truth('step_none');
    const r = await cli(['report', ...windowArgs(t), '--json', '--no-charts'], {
      PROMETHEUS_URL: 'http://127.0.0.1:9',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/127\.0\.0\.1:9/);
    const report = JSON.parse(r.stdout) as ReportJson;
    expect(report.verdict).toBe('insufficient_data');
    expect(report.domains.every((d) => d.status === 'no_data' && d.reason)).toBe(true);
  });

  it('an invalid setting stops with one line naming the key', async () => {
    const r = await cli(['runs'], { PORT: 'x' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/PORT: must be a number/);
  });

  it('the installed bin answers --help', () => {
    const res = spawnSync(process.execPath, ['bin/loadlens.js', '--help'], { encoding: 'utf8' });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/Usage: loadlens <command>/);
  });
});
