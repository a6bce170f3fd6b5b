import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, removeTempDir } from '../harness/tmp.js';
import { runAutocannonSteps } from './drivers/autocannon.js';
import { runHeySteps } from './drivers/hey.js';
import { initPgbench, runPgbenchSteps } from './drivers/pgbench.js';
import { LAB_SCRAPE_S, type Lab } from './start-lab.js';
import { LAB_BOTTLENECK, type LabTruth, type StepTruth } from './truth.js';

/**
 * Steps of each lab: 14 load steps keep the whole lab (start, three labs, idle pads) near
 * 4 minutes of wall time. The Flask app's throughput climbs for several seconds after hey
 * raises its workers (threads start, the GIL settles), so its steps are 20 s: a 14 s step
 * left it no flat stretch to measure, and its steps could not be told apart.
 */
export const LAB_PLAN = {
  pgbench: { clients: [1, 2, 4, 8, 16], stepS: 14 },
  autocannon: { connections: [2, 4, 8, 16, 32], stepS: 14 },
  hey: { concurrency: [1, 2, 4, 8], stepS: 20 },
};

/** Idle seconds before a lab's first step and after its last: part of its report window. */
export const IDLE_PAD_S = 4;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function truthOf(lab: LabTruth['lab'], job: string, tool: string, steps: StepTruth[]): LabTruth {
  const first = steps[0];
  const last = steps[steps.length - 1];
  if (!first || !last) throw new Error(`${lab}: no steps ran`);
  return {
    lab,
    job,
    tool,
    fromMs: first.startMs - IDLE_PAD_S * 1000,
    toMs: last.endMs + IDLE_PAD_S * 1000,
    scrapeIntervalS: LAB_SCRAPE_S,
    bottleneck: LAB_BOTTLENECK[lab],
    steps,
  };
}

/**
 * Runs the three labs one after the other (each alone on the machine, so one lab's load
 * never bends another's figures), with idle pads between them, and returns the tools' truth.
 * Resolves once Prometheus has scraped the last pad.
 */
export async function runLabs(lab: Lab, log: (line: string) => void = () => {}): Promise<LabTruth[]> {
  const work = makeTempDir('lab-pgbench');
  try {
    await initPgbench(lab.pg.url);
    await mkdir(join(work, 'log'));
    await sleep(IDLE_PAD_S * 1000);
    const t0 = Date.now();
    const pgSteps = await runPgbenchSteps(lab.pg.url, LAB_PLAN.pgbench, join(work, 'log'));
    log(`pgbench steps done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await sleep(IDLE_PAD_S * 1000);

    const t1 = Date.now();
    const nodeSteps = await runAutocannonSteps(`${lab.node.url}/orders/42`, LAB_PLAN.autocannon);
    log(`autocannon steps done in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
    await sleep(IDLE_PAD_S * 1000);

    const t2 = Date.now();
    const flaskSteps = await runHeySteps(`${lab.flask.url}/api/quote/7`, LAB_PLAN.hey);
    log(`hey steps done in ${((Date.now() - t2) / 1000).toFixed(1)} s`);
    // The pad, plus two scrapes so the last pad's samples are in.
    await sleep((IDLE_PAD_S + 2 * LAB_SCRAPE_S) * 1000);
    return [
      truthOf('postgres-pgbench', 'postgres', 'pgbench', pgSteps),
      truthOf('node-autocannon', 'orders-node', 'autocannon', nodeSteps),
      truthOf('flask-hey', 'flask-app', 'hey', flaskSteps),
    ];
  } finally {
    await removeTempDir(work);
  }
}
