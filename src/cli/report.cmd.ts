import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createFormatter } from '../analysis/format.js';
import { missingLine } from '../analysis/missing-panels.js';
import type { Verdict } from '../analysis/report.types.js';
import { compareWithBaseline } from '../compare/load-and-compare.js';
import { parseTime } from '../core/duration.js';
import { LoadLensError } from '../core/errors.js';
import { createProvider } from '../llm/create-provider.js';
import { loadBaseline, narrateAndSave, narrateOptionsFromEnv } from '../llm/narrate-run.js';
import { narrativeText } from '../llm/present.js';
import { runReport } from '../pipeline/report-engine.js';
import { sourcesFromEnv } from '../pipeline/sources-from-env.js';
import { renderHtmlReport } from '../render/render-html.js';
import { parseRecording, replayInfluxSource, replayPromSource } from '../sources/recording.js';
import { bootstrap, type CliDeps } from './bootstrap.js';
import { printReport } from './print-report.js';

// A gate cannot certify a run it could not measure, so insufficient data ranks with fail
// (a report missing a key panel is `insufficient_data`: see `analysis/missing-panels.ts`).
const VERDICT_RANK: Record<Verdict, number> = { pass: 0, risk: 1, fail: 2, insufficient_data: 2 };

/** `loadlens report` options, shared with `record` where they overlap. */
export const REPORT_OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  service: { type: 'string' },
  selector: { type: 'string' },
  prometheus: { type: 'string' },
  slo: { type: 'string', multiple: true },
  name: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  'fail-on': { type: 'string' },
  replay: { type: 'string' },
  lang: { type: 'string' },
  tz: { type: 'string' },
  theme: { type: 'string' },
  'no-charts': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const REPORT_HELP = `Usage: loadlens report --from <time> --to <time> [options]

  --from, --to TIME     ISO 8601 (2026-11-20T10:00:00Z), epoch seconds, now, now-1h
  --service NAME        service from LOADLENS_CONFIG (selector, SLOs, queries)
  --selector 'job="x"'  PromQL label matchers narrowing every query
  --prometheus URL      Prometheus base URL (overrides PROMETHEUS_URL)
  --slo EXPR            repeatable: p95<500ms, error_rate<1%, rps>=200, cpu<80%, memory<2GiB
  --name NAME           run name (default: service and start time)
  --out DIR             where to write PNG charts, report.html and report.json (default out/<runId>)
  --json                print exactly one JSON object on stdout
  --fail-on fail|risk   exit 2 when the verdict is at that level or worse
  --replay FILE         rebuild from a recording made by \`loadlens record\` (no Prometheus needed)
  --lang ru|en  --tz ZONE  --theme light|dark  --no-charts
`;

/** `loadlens report`: runs one report, stores it, writes charts and HTML, prints the result. */
export async function reportCommand(argv: string[], deps: CliDeps): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: REPORT_OPTIONS,
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    (deps.stdout ?? ((t: string) => process.stdout.write(t)))(REPORT_HELP);
    return 0;
  }
  const failOn = values['fail-on'];
  if (failOn !== undefined && failOn !== 'fail' && failOn !== 'risk') {
    throw new LoadLensError('BAD_INPUT', `--fail-on must be fail or risk, not "${failOn}"`);
  }
  if (values.lang !== undefined && values.lang !== 'ru' && values.lang !== 'en') {
    throw new LoadLensError('BAD_INPUT', `--lang must be ru or en, not "${values.lang}"`);
  }
  if (values.theme !== undefined && values.theme !== 'light' && values.theme !== 'dark') {
    throw new LoadLensError('BAD_INPUT', `--theme must be light or dark, not "${values.theme}"`);
  }
  const overrides: Record<string, string> = {};
  if (values.prometheus) overrides.PROMETHEUS_URL = values.prometheus;
  if (values.tz) overrides.TZ = values.tz;
  // The store opens while the first queries run: a fresh embedded database would otherwise
  // hold every query back by its start-up (seconds; see bench/startup.bench.ts).
  const app = await bootstrap(deps, overrides, { lazyStore: true });
  try {
    // Built before the report so a bad LLM setting fails fast.
    const llm = createProvider(app.config.env, { fetch: app.fetch, logger: app.logger });
    let sources = sourcesFromEnv(app.config.env, { fetch: app.fetch, logger: app.logger });
    let fromMs: number | undefined;
    let toMs: number | undefined;
    let nowMs = app.clock.now();
    let selector = values.selector;
    let service = values.service ?? null;
    if (values.replay) {
      const rec = parseRecording(JSON.parse(await readFile(values.replay, 'utf8')), values.replay);
      sources = {
        prom: replayPromSource(rec),
        influx: rec.influx.length > 0 ? replayInfluxSource(rec) : undefined,
      };
      fromMs = rec.window.fromMs;
      toMs = rec.window.toMs;
      // The recorded queries carry the recording's selector; replay must ask the same ones.
      if (selector === undefined && typeof rec.selector === 'string') selector = rec.selector;
      if (service === null && typeof rec.service === 'string') service = rec.service;
      // A recording is of the past by construction; "now" is when it was taken.
      nowMs = Math.max(nowMs, toMs + 1);
    }
    if (values.from) fromMs = parseTime(values.from, nowMs);
    if (values.to) toMs = parseTime(values.to, nowMs);
    if (fromMs === undefined || toMs === undefined) {
      throw new LoadLensError(
        'BAD_INPUT',
        'report needs --from and --to (or --replay FILE); see loadlens report --help',
      );
    }
    const outcome = await runReport(
      { config: app.config, store: app.store, logger: app.logger, clock: { now: () => nowMs }, sources },
      {
        fromMs,
        toMs,
        service,
        selector,
        slos: values.slo,
        name: values.name,
        locale: values.lang as 'ru' | 'en' | undefined,
        theme: values.theme as 'light' | 'dark' | undefined,
        charts: !values['no-charts'],
        origin: values.replay ? 'replay' : 'cli',
        onPhase: (phase) => {
          // setImmediate: by then the first query has been handed to the source.
          if (phase === 'collecting') setImmediate(app.startStore);
        },
      },
    );
    const { report } = outcome;
    const locale = report.locale ?? app.config.env.LOCALE;
    const baseline = await compareWithBaseline(app.store, outcome.run, { locale });
    report.baseline = baseline
      ? { runId: baseline.a, verdict: baseline.verdict, summary: baseline.summary[locale] }
      : null;
    report.llm = null;
    if (llm) {
      // narrate resolves by LLM_TIMEOUT_MS whatever the model does; the numbers are already final.
      const stored = await narrateAndSave(
        { provider: llm.provider, price: llm.price, logger: app.logger, clock: app.clock },
        app.store,
        {
          report,
          analysis: outcome.analysis,
          locale: report.locale ?? app.config.env.LOCALE,
          tz: app.config.env.TZ,
          promptOverrides: report.service ? app.config.file.services[report.service]?.prompts : undefined,
          baseline: await loadBaseline(app.store, report.service, report.runId),
        },
        narrateOptionsFromEnv(app.config.env),
      );
      report.llm = stored.narrative;
    }
    const outDir = resolve(values.out ?? join('out', report.runId));
    await mkdir(outDir, { recursive: true });
    for (const c of outcome.charts) await writeFile(join(outDir, `${c.id}.png`), c.png);
    report.charts = outcome.charts.map((c) => ({
      id: c.id,
      title: c.title,
      file: join(outDir, `${c.id}.png`),
    }));
    const html = renderHtmlReport(report, outcome.charts, {
      locale: report.locale ?? app.config.env.LOCALE,
      tz: app.config.env.TZ,
      theme: values.theme as 'light' | 'dark' | undefined,
    });
    await writeFile(join(outDir, 'report.html'), html);
    await writeFile(join(outDir, 'report.json'), JSON.stringify(report, null, 2));
    if (values.json) app.out(JSON.stringify(report) + '\n');
    else {
      app.out(printReport(report, { tz: app.config.env.TZ, outDir }));
      if (report.llm) app.out(`\n${narrativeText(report.llm as Parameters<typeof narrativeText>[0])}\n`);
    }

    // Panels the source gave up on go to stderr too, so a CI log shows them beside the exit code.
    const f = createFormatter(locale, app.config.env.TZ);
    for (const d of report.domains) {
      for (const m of d.missing ?? []) app.err(`loadlens: ${missingLine(d.id, m, f)}\n`);
    }
    const sourceDown =
      report.domains.every((d) => d.status === 'no_data') && report.domains.some((d) => d.reason);
    if (sourceDown) {
      const reason = report.domains.find((d) => d.reason)?.reason ?? 'no data';
      app.err(`loadlens: no metrics could be read: ${reason}\n`);
      return 1;
    }
    if (failOn && VERDICT_RANK[report.verdict] >= VERDICT_RANK[failOn as Verdict]) return 2;
    return 0;
  } finally {
    await app.store.close();
  }
}
