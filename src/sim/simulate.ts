import { LoadLensError } from '../core/errors.js';
import { metricFamilies } from './exporters/index.js';
import { jmeterLines, k6InfluxLines } from './influx-lines.js';
import { type TimedFamilies, writeOpenMetricsParts } from './openmetrics.js';
import { computeTimeline } from './physics.js';
import type { GroundTruth, Scenario, SimOutput } from './scenario.js';
import type { Timeline } from './timeline.js';
import { deriveTruth } from './truth.js';

function validate(s: Scenario): void {
  const bad = (why: string) =>
    new LoadLensError('BAD_INPUT', `Scenario "${s.name}": ${why}`, { details: { name: s.name } });
  if (!/^[a-z0-9_]+$/.test(s.name)) throw bad('name must be lower_snake_case');
  if (!Number.isFinite(s.startMs)) throw bad('startMs must be a number');
  if (!(s.scrapeIntervalSec > 0)) throw bad('scrapeIntervalSec must be positive');
  if (!(s.capacityRps > 0)) throw bad('capacityRps must be positive');
  if (!Number.isInteger(s.seed)) throw bad('seed must be an integer');
}

/** A scenario simulated up to its metric families, before they are written out. */
export interface SimulatedFamilies {
  truth: GroundTruth;
  /** The exporters' families on the scenario's own timestamps. */
  timed: TimedFamilies;
  tl: Timeline;
}

/**
 * Simulates one scenario up to its metric families: what `simulate` writes, and what a
 * shared simulation merges with other services' families into one exposition.
 */
export function simulateFamilies(s: Scenario): SimulatedFamilies {
  validate(s);
  const tl = computeTimeline(s);
  return { truth: deriveTruth(s, tl), timed: { families: metricFamilies(s, tl), tMs: tl.tMs }, tl };
}

/**
 * Simulates one load test: the system's behaviour tick by tick, its metrics as an
 * OpenMetrics exposition and InfluxDB lines (JMeter, k6), and the ground truth an analysis
 * must find. Deterministic: the same scenario (seed included) gives the same bytes.
 */
export function simulate(s: Scenario): SimOutput {
  const { truth, timed, tl } = simulateFamilies(s);
  return {
    truth,
    openMetrics: writeOpenMetricsParts([timed]),
    influxJmeter: jmeterLines(s, tl),
    influxK6: k6InfluxLines(s, tl),
  };
}
