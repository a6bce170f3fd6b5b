import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createFormatter } from '../analysis/format.js';
import type { Locale } from '../analysis/report.types.js';
import type { CompareResult, CompareVerdict } from '../compare/compare.types.js';
import { renderCompareCharts } from '../compare/compare-charts.js';
import { compareText } from '../compare/compare-text.js';
import { verdictText } from '../compare/explain.js';
import {
  compareStoredPair,
  compareWithBaselinePair,
  loadCompareRun,
  type StoredComparison,
} from '../compare/load-and-compare.js';
import { LoadLensError } from '../core/errors.js';
import { assertSameService } from '../pipeline/same-service.js';
import type { Store } from '../store/store.js';
import { bootstrap, type CliDeps } from './bootstrap.js';

export const COMPARE_HELP = `Usage: loadlens compare <runA> <runB> [options]
       loadlens compare <run> --baseline [options]

Compares run B (the candidate) with run A (the reference): step tests plateau by plateau at
the same load level, other runs by time since the load started. Verdict: regression,
improvement, no_change or insufficient_data, with the top changes.

  --baseline            compare <run> with its service's baseline (A = baseline)
  --force               compare runs of two different services anyway
  --json                print exactly one JSON object on stdout
  --lang ru|en          language of the text (default LOCALE)
  --out DIR             also write A-vs-B overlay charts (PNG) to DIR
  --tz ZONE  --theme light|dark   for the charts
  --fail-on regression  exit 2 when the verdict is regression (for CI gates)
`;

const OPTIONS = {
  baseline: { type: 'boolean' },
  force: { type: 'boolean' },
  json: { type: 'boolean' },
  lang: { type: 'string' },
  out: { type: 'string' },
  tz: { type: 'string' },
  theme: { type: 'string' },
  'fail-on': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function bad(message: string): LoadLensError {
  return new LoadLensError('BAD_INPUT', message);
}

/** The human-readable form: runs, alignment, verdict, top changes, peak, warnings. */
export function formatComparison(r: CompareResult, locale: Locale): string {
  const t = (key: Parameters<typeof compareText>[1], p: Record<string, string | number> = {}) =>
    compareText(locale, key, p);
  const f = createFormatter(locale, 'UTC');
  const lines = [
    t('cli.run', { side: 'A', name: r.runs.a.name, id: r.runs.a.id, from: r.runs.a.from }),
    t('cli.run', { side: 'B', name: r.runs.b.name, id: r.runs.b.id, from: r.runs.b.from }),
  ];
  const al = r.alignment;
  lines.push(
    al.mode === 'steps'
      ? t('cli.aligned_steps', {
          n: al.segments.filter((s) => s.kind === 'step').length,
          by: t(al.levelBy === 'load' ? 'cli.by_load' : 'cli.by_rps'),
        })
      : t('cli.aligned_offset', { min: Math.round((al.overlapMs ?? 0) / 60_000) }),
  );
  lines.push(
    t('cli.verdict', {
      verdict: verdictText(locale, r.verdict).toUpperCase(),
      changed: r.keyChanged,
      tested: r.keyTested,
    }),
  );
  if (r.top.length > 0) {
    lines.push(t('cli.top'));
    for (const c of r.top) lines.push(`  - ${c.text[locale]}`);
  }
  if (r.peak.a !== null && r.peak.b !== null) {
    lines.push(t('cli.peak', { a: f.rps(r.peak.a), b: f.rps(r.peak.b) }));
  }
  for (const w of r.warnings) lines.push(t('cli.warning', { text: w }));
  return lines.join('\n') + '\n';
}

async function comparison(
  store: Store,
  ids: string[],
  baseline: boolean,
  locale: Locale,
  force: boolean,
): Promise<StoredComparison> {
  if (!baseline) {
    const [a, b] = await Promise.all([loadCompareRun(store, ids[0]!), loadCompareRun(store, ids[1]!)]);
    assertSameService(a, b, force, locale);
    return compareStoredPair(store, ids[0]!, ids[1]!, { locale });
  }
  const run = await loadCompareRun(store, ids[0]!);
  if (!run.service) throw bad(compareText(locale, 'cli.no_service', { id: run.id }));
  const pair = await compareWithBaselinePair(store, run, { locale });
  if (!pair) {
    throw new LoadLensError('NOT_FOUND', compareText(locale, 'cli.no_baseline', { service: run.service }));
  }
  return pair;
}

/** `loadlens compare`: compares two stored runs (or a run with its baseline). */
export async function compareCommand(argv: string[], deps: CliDeps): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: OPTIONS,
    strict: true,
    allowPositionals: true,
  });
  if (values.help) {
    (deps.stdout ?? ((t: string) => process.stdout.write(t)))(COMPARE_HELP);
    return 0;
  }
  const want = values.baseline ? 1 : 2;
  if (positionals.length !== want) {
    throw bad(
      values.baseline
        ? `--baseline takes exactly one run id, got ${positionals.length}`
        : `expected two run ids (A, then B), got ${positionals.length}; see --help`,
    );
  }
  if (values.lang !== undefined && values.lang !== 'ru' && values.lang !== 'en') {
    throw bad(`--lang must be ru or en, not "${values.lang}"`);
  }
  if (values.theme !== undefined && values.theme !== 'light' && values.theme !== 'dark') {
    throw bad(`--theme must be light or dark, not "${values.theme}"`);
  }
  const failOn = values['fail-on'];
  if (failOn !== undefined && failOn !== 'regression') {
    throw bad(`--fail-on must be regression, not "${failOn}"`);
  }
  const app = await bootstrap(deps, values.tz ? { TZ: values.tz } : {});
  try {
    const locale: Locale = (values.lang as Locale | undefined) ?? app.config.env.LOCALE;
    const { result, a, b } = await comparison(
      app.store,
      positionals,
      values.baseline === true,
      locale,
      values.force === true,
    );
    if (values.out) {
      const dir = resolve(values.out);
      await mkdir(dir, { recursive: true });
      const charts = await renderCompareCharts(a, b, result, {
        locale,
        tz: app.config.env.TZ,
        ...(values.theme ? { theme: values.theme as 'light' | 'dark' } : {}),
      });
      for (const c of charts) await writeFile(join(dir, `${c.id}.png`), c.png);
    }
    app.out(values.json ? JSON.stringify(result) + '\n' : formatComparison(result, locale));
    const gate: CompareVerdict | undefined = failOn;
    return gate !== undefined && result.verdict === gate ? 2 : 0;
  } finally {
    await app.store.close();
  }
}
