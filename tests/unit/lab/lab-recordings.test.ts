import { readFileSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import type { EngineContext } from '../../../src/pipeline/engine-context.js';
import { runReport } from '../../../src/pipeline/report-engine.js';
import { parseRecording, replayPromSource } from '../../../src/sources/recording.js';
import type { Store } from '../../../src/store/store.js';
import { describeLabAcceptance } from '../../lab/acceptance.js';
import { labContext, labStore } from '../../lab/lab-context.js';
import { labRequest } from '../../lab/lab-requests.js';
import { fixturePaths } from '../../lab/record-lab.js';
import { type LabTruth, labTruthSchema } from '../../lab/truth.js';

/**
 * The real-exporter lab replayed (issue 13): recordings of real programs under real load
 * (tests/fixtures/real, made by scripts/record-lab.ts), held to the same acceptance as the
 * live lab in tests/integration/lab, with no servers.
 */
const LABS: LabTruth['lab'][] = ['postgres-pgbench', 'node-autocannon', 'flask-hey'];

const contexts = new Map<LabTruth['lab'], EngineContext>();
let store: Store | undefined;
const truths = new Map<LabTruth['lab'], LabTruth>();
for (const lab of LABS) {
  const paths = fixturePaths(lab);
  truths.set(lab, labTruthSchema.parse(JSON.parse(readFileSync(paths.truth, 'utf8'))));
}

beforeAll(async () => {
  store = await labStore();
  for (const lab of LABS) {
    const paths = fixturePaths(lab);
    const recording = parseRecording(JSON.parse(readFileSync(paths.recording, 'utf8')), paths.recording);
    contexts.set(lab, labContext(replayPromSource(recording), store));
  }
}, 60_000);

afterAll(async () => {
  await store?.close();
});

for (const lab of LABS) {
  describeLabAcceptance(
    lab,
    () => truths.get(lab) as LabTruth,
    async (truth, ask = {}) => {
      const ctx = contexts.get(lab);
      if (!ctx) throw new Error(`no replay context for ${lab}`);
      return (await runReport(ctx, labRequest(truth, ask))).report;
    },
  );
}
