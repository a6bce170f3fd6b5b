import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GroundTruth } from '../../src/sim/scenario.js';
import type { ReadyQuery } from './servers/prometheus.js';

const HOUR_MS = 3_600_000;

/**
 * Start of the first standard scenario: the hour `hoursBack` hours before `nowMs`. Backfilled
 * data must be older than Prometheus' head block (~3 h); 30 h back leaves room for the
 * standard set (7 scenarios, 2 h apart) to end ~17 h before now.
 */
export function harnessBaseStartMs(nowMs: number, hoursBack = 30): number {
  return Math.floor(nowMs / HOUR_MS) * HOUR_MS - hoursBack * HOUR_MS;
}

/** What one simulated scenario contributes to the servers (the subset of `SimOutput` used here). */
export interface SimulatedScenario {
  truth: GroundTruth;
  openMetrics: string;
  influxJmeter: string[];
  influxK6: string[];
}

/** Simulator output laid out for the server starters. */
export interface ScenarioData {
  /** Ground truth by scenario name. */
  truths: Record<string, GroundTruth>;
  /** One OpenMetrics file per scenario, for `promtool` backfill. */
  openMetricsFiles: string[];
  /** JMeter and k6 line protocol of every scenario, for InfluxDB. */
  influxLines: string[];
  /** One query per scenario proving its backfill is visible in Prometheus. */
  readyQueries: ReadyQuery[];
}

/**
 * Writes each scenario's OpenMetrics to `<dir>/<name>.om` and gathers the rest. The strings
 * are not kept, so the (large, ~17 MB each) expositions can be collected once written. An
 * async source lets the caller yield to the event loop between scenarios.
 */
export async function layOutScenarios(
  outputs: Iterable<SimulatedScenario> | AsyncIterable<SimulatedScenario>,
  dir: string,
): Promise<ScenarioData> {
  const data: ScenarioData = { truths: {}, openMetricsFiles: [], influxLines: [], readyQueries: [] };
  for await (const out of outputs) {
    const { truth } = out;
    if (data.truths[truth.scenario]) throw new Error(`duplicate scenario name ${truth.scenario}`);
    data.truths[truth.scenario] = truth;
    const file = join(dir, `${truth.scenario}.om`);
    writeFileSync(file, out.openMetrics);
    data.openMetricsFiles.push(file);
    for (const line of out.influxJmeter) data.influxLines.push(line);
    for (const line of out.influxK6) data.influxLines.push(line);
    data.readyQueries.push({
      query: `count({scenario="${truth.scenario}"})`,
      timeSec: Math.round((truth.startMs + truth.endMs) / 2000),
    });
  }
  return data;
}
