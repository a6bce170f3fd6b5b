/**
 * One `loadlens report` as a user runs it, in a process of its own: the real CLI entry
 * (`main`) with a fresh data directory, `--json`, charts on. The only thing injected is
 * fetch (a CLI dependency), wrapped to record every HTTP request the tool sends, so the
 * bare client can replay exactly those whatever the fetch path does (shards, retries).
 * Writes one JSON result (timings, peak RSS, report summary, requests) to `resultFile`.
 *
 * Compiled with the CLI by `compileCli` and run on plain node by `runToolChild`:
 * node tmp/bench-dist/_bench/report-child.js '<ChildInput as JSON>'.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** What the parent asks for. */
export interface ChildInput {
  /** The CLI entry to load: `compileCli()`'s `cli/main.js` (or `src/cli/main.ts` under tsx). */
  cliMain: string;
  promUrl: string;
  fromMs: number;
  toMs: number;
  service: string;
  dataDir: string;
  outDir: string;
  resultFile: string;
  /** Extra environment for the CLI (e.g. PROMETHEUS_TIMEOUT_MS); secrets never pass here. */
  env?: Record<string, string>;
}

/** One HTTP request the tool sent, as it sent it. */
export interface RecordedRequest {
  method: string;
  url: string;
  body?: string;
  contentType?: string;
  /** ms after `main` was called. */
  atMs: number;
}

/** What the child reports. */
export interface ChildResult {
  exitCode: number;
  /** Process start → the CLI module loaded. */
  importMs: number;
  /** `main` called → the first request to Prometheus: config, store open, sources. */
  toFirstQueryMs: number;
  /** `main` called → `main` returned. */
  mainMs: number;
  /** The report's own phase timings (`report.timingsMs`). */
  timingsMs: Record<string, number>;
  /** Peak resident set, MiB (`process.resourceUsage().maxRSS`). */
  maxRssMiB: number;
  /** CPU time of this process, user + system, ms. */
  cpuMs: number;
  verdict: string;
  warnings: string[];
  /** Every domain as `id:status`. */
  domains: string[];
  requests: RecordedRequest[];
}

function headerOf(headers: RequestInit['headers'], name: string): string | undefined {
  if (!headers) return undefined;
  const h = new Headers(headers);
  return h.get(name) ?? undefined;
}

async function run(input: ChildInput): Promise<ChildResult> {
  const { main } = (await import(
    pathToFileURL(input.cliMain).href
  )) as typeof import('../../src/cli/main.js');
  const tMain = performance.now();
  const importMs = tMain;
  const requests: RecordedRequest[] = [];
  const recordingFetch: typeof fetch = (target, init) => {
    const url = target instanceof Request ? target.url : String(target);
    const body = init?.body;
    requests.push({
      method: init?.method ?? (target instanceof Request ? target.method : 'GET'),
      url,
      body: typeof body === 'string' ? body : body instanceof URLSearchParams ? body.toString() : undefined,
      contentType: headerOf(init?.headers, 'content-type'),
      atMs: performance.now() - tMain,
    });
    return fetch(target, init);
  };
  let stdout = '';
  const iso = (ms: number) => new Date(ms).toISOString();
  const exitCode = await main(
    [
      'report',
      '--from',
      iso(input.fromMs),
      '--to',
      iso(input.toMs),
      '--service',
      input.service,
      '--json',
      '--out',
      input.outDir,
    ],
    {
      env: {
        PROMETHEUS_URL: input.promUrl,
        LOADLENS_DATA_DIR: input.dataDir,
        TZ: 'UTC',
        LOCALE: 'en',
        ...input.env,
      },
      fetch: recordingFetch,
      stdout: (t) => {
        stdout += t;
      },
      stderr: (t) => process.stderr.write(t),
    },
  );
  const mainMs = performance.now() - tMain;
  const report = stdout.trim() ? JSON.parse(stdout) : {};
  return {
    exitCode,
    importMs,
    toFirstQueryMs: requests[0]?.atMs ?? Number.NaN,
    mainMs,
    timingsMs: report.timingsMs ?? {},
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    verdict: report.verdict ?? 'none',
    warnings: report.warnings ?? [],
    domains: (report.domains ?? []).map((d: { id: string; status: string }) => `${d.id}:${d.status}`),
    requests,
  };
}

const arg = process.argv[2];
if (arg) {
  const input = JSON.parse(arg) as ChildInput;
  const result = await run(input);
  writeFileSync(input.resultFile, JSON.stringify(result));
  process.exitCode = 0;
}
