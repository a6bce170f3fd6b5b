import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Verdict } from '../../src/analysis/report.types.js';
import { type ServiceTruth, simulateShared } from '../../src/sim/shared.js';
import { SHARED_TENANT, sharedWindowPreset } from '../../src/sim/shared-presets.js';
import type { ReadyQuery } from './servers/prometheus.js';

const HOUR_MS = 3_600_000;
const BLOCK_MS = 2 * HOUR_MS;

/** What a service does in the shared window. */
export type SharedRole = 'under_load' | 'background' | 'before_window';

/** One service of the shared Prometheus, as integration tests see it. */
export interface SharedServiceTruth extends ServiceTruth {
  role: SharedRole;
  /**
   * Verdict of a zero-config report on the window scoped to this service, by the rule the
   * single-scenario acceptance test uses (no SLOs: saturation past a pool, CPU or GC limit
   * fails, a growing consumer lag is a risk, head-room passes). Null for services without a
   * load test in the window.
   */
  expectedVerdict: Verdict | null;
}

/** The shared-Prometheus data the global setup backfills, handed to tests as `inject('shared')`. */
export interface SharedData {
  /** The `scenario` label of every shared series (tests filter tenants by it). */
  tenant: string;
  /** The window with the four busy services (epoch ms): the `--from/--to` of shared reports. */
  window: { fromMs: number; toMs: number };
  /** Start of the 2-hour TSDB block holding the window, the background and the earlier test. */
  blockStartMs: number;
  /** Ground truth by service name. */
  services: Record<string, SharedServiceTruth>;
}

/**
 * Start of the shared block: the first 2-hour boundary at least 14 h after the standard
 * scenarios' base, so it follows the standard set (7 tests, 2 h apart, each under 2 h) and
 * shares no TSDB block with it. 30 h back leaves it 13-15 h before now, clear of the head.
 */
export function sharedBlockStartMs(baseStartMs: number): number {
  return Math.ceil((baseStartMs + 14 * HOUR_MS) / BLOCK_MS) * BLOCK_MS;
}

function roleOf(t: ServiceTruth, window: SharedData['window']): SharedRole {
  if (t.testToMs < window.fromMs) return 'before_window';
  return t.loadTool ? 'under_load' : 'background';
}

function verdictOf(t: ServiceTruth, role: SharedRole): Verdict | null {
  if (role !== 'under_load') return null;
  if (!t.saturated) return 'pass';
  return t.bottleneck === 'kafka' ? 'risk' : 'fail';
}

/**
 * Simulates the shared window in the block from `blockStartMs`, writes its exposition to
 * `<dir>/shared.om` and returns the file, a query proving its backfill is visible, and the
 * truth to inject.
 */
export function layOutShared(
  blockStartMs: number,
  dir: string,
): { file: string; readyQuery: ReadyQuery; data: SharedData } {
  const preset = sharedWindowPreset(blockStartMs);
  const out = simulateShared(preset.spec);
  const file = join(dir, `${SHARED_TENANT}.om`);
  writeFileSync(file, out.openMetrics);
  const services: Record<string, SharedServiceTruth> = {};
  for (const [app, t] of Object.entries(out.truths)) {
    const role = roleOf(t, preset.window);
    services[app] = { ...t, role, expectedVerdict: verdictOf(t, role) };
  }
  return {
    file,
    readyQuery: {
      query: `count({scenario="${SHARED_TENANT}"})`,
      timeSec: Math.round((preset.window.fromMs + preset.window.toMs) / 2000),
    },
    data: { tenant: SHARED_TENANT, window: preset.window, blockStartMs, services },
  };
}
