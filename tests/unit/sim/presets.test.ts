import { describe, expect, it } from 'vitest';
import { isLoadLensError } from '../../../src/core/errors.js';
import { PRESET_NAMES, scenarioByName, standardScenarios } from '../../../src/sim/presets.js';
import { expandProfile } from '../../../src/sim/profile.js';
import { BASE_MS } from './helpers.js';

describe('standardScenarios', () => {
  const all = standardScenarios(BASE_MS);

  it('returns the named presets, spaced apart and non-overlapping', () => {
    expect(all.map((s) => s.name)).toEqual([
      'step_db_pool',
      'step_cpu',
      'step_gc',
      'step_kafka',
      'step_none',
      'soak_leak',
      'error_burst',
    ]);
    all.forEach((s, i) => {
      expect(s.startMs).toBe(BASE_MS + i * 2 * 3600_000);
      expect(s.scrapeIntervalSec).toBe(15);
      const lengthMs = expandProfile(s.profile).totalSec * 1000;
      expect(lengthMs).toBeLessThan(2 * 3600_000);
      expect(lengthMs).toBeGreaterThan(40 * 60_000);
    });
    expect(new Set(all.map((s) => s.seed)).size).toBe(all.length);
  });

  it('honours a custom spacing', () => {
    const s = standardScenarios(BASE_MS, 3 * 3600_000);
    expect(s[2]!.startMs).toBe(BASE_MS + 6 * 3600_000);
  });

  it('puts the capacity of the step tests between two inner steps', () => {
    for (const s of all.filter((x) => x.name.startsWith('step_') && x.bottleneck !== 'none')) {
      const levels = expandProfile(s.profile).plateaus.map((p) => p.rps);
      expect(levels).toHaveLength(6);
      const below = levels.filter((r) => r < s.capacityRps);
      expect(below.length).toBeGreaterThanOrEqual(2);
      expect(below.length).toBeLessThanOrEqual(4);
      // The peak step is clearly below capacity and the next one clearly above it.
      expect(Math.max(...below) / s.capacityRps).toBeLessThanOrEqual(0.96);
      expect(Math.min(...levels.filter((r) => r > s.capacityRps)) / s.capacityRps).toBeGreaterThan(1.1);
    }
    const none = all.find((s) => s.name === 'step_none')!;
    expect(Math.max(...expandProfile(none.profile).plateaus.map((p) => p.rps))).toBeLessThan(
      none.capacityRps,
    );
  });
});

describe('scenarioByName', () => {
  it('gives the same scenario as the standard set', () => {
    for (const name of PRESET_NAMES) {
      expect(scenarioByName(name, BASE_MS)).toEqual(standardScenarios(BASE_MS).find((s) => s.name === name));
    }
  });

  it('rejects an unknown name with BAD_INPUT', () => {
    try {
      scenarioByName('step_disk', BASE_MS);
      expect.unreachable();
    } catch (err) {
      expect(isLoadLensError(err, 'BAD_INPUT')).toBe(true);
    }
  });
});
