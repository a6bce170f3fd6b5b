import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runReport } from '../../src/pipeline/report-engine.js';
import { createPrometheusSource } from '../../src/sources/prometheus-client.js';
import { recordPromSource } from '../../src/sources/recording.js';
import { callKey, type PromCall } from '../../src/sources/recording-format.js';
import type { Store } from '../../src/store/store.js';
import { labContext } from './lab-context.js';
import { acceptanceAsks, labRequest } from './lab-requests.js';
import { fetchRawSamples } from './raw-samples.js';
import { LAB_SERVICE, type LabTruth } from './truth.js';

/** Where the unit tier finds the lab's recordings and truths. */
export const REAL_FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'real');

/** `<lab>.recording.json`, `<lab>.truth.json` and the raw samples `<lab>.openmetrics.gz` under `dir`. */
export function fixturePaths(
  lab: string,
  dir = REAL_FIXTURES,
): { recording: string; truth: string; raw: string } {
  return {
    recording: join(dir, `${lab}.recording.json`),
    truth: join(dir, `${lab}.truth.json`),
    raw: join(dir, `${lab}.openmetrics.gz`),
  };
}

/** The first answer of each distinct call (the reports repeat discovery). */
function distinct(calls: PromCall[]): PromCall[] {
  const seen = new Set<string>();
  return calls.filter((c) => {
    const key = callKey(c.method, c.args as Record<string, unknown>);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Records a lab's window with the engine's recorder (`recordPromSource`, what `loadlens
 * record` uses) around every report the acceptance makes (zero-config, named, with SLOs), so
 * the replay answers all of them. A report the engine refuses is recorded up to the refusal.
 * Writes the tool's truth beside it, and with `raw` the window's raw samples too (only from
 * the live lab: a Prometheus backfilled from them has nothing more to give).
 */
export async function recordLab(
  truth: LabTruth,
  promUrl: string,
  store: Store,
  opts: { raw: boolean; dir?: string },
): Promise<void> {
  const dir = opts.dir ?? REAL_FIXTURES;
  const rec = recordPromSource(createPrometheusSource({ url: promUrl }));
  const ctx = labContext(rec.source, store);
  for (const ask of acceptanceAsks(truth)) {
    try {
      await runReport(ctx, labRequest(truth, ask));
    } catch {
      // Refusals (e.g. several busy services) are part of what the replay must reproduce.
    }
  }
  const doc = rec.recording();
  const out = fixturePaths(truth.lab, dir);
  const recording = {
    ...doc,
    window: { fromMs: truth.fromMs, toMs: truth.toMs },
    service: LAB_SERVICE[truth.lab],
    prom: distinct(doc.prom),
  };
  await writeFile(out.recording, JSON.stringify(recording));
  await writeFile(out.truth, `${JSON.stringify(truth, null, 2)}\n`);
  if (opts.raw) await writeFile(out.raw, await fetchRawSamples(promUrl, truth));
}
