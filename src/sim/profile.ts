import { LoadLensError } from '../core/errors.js';
import type { ProfileSegment } from './scenario.js';

/** A step segment of the profile, in seconds from the start of the test. */
export interface Plateau {
  fromSec: number;
  toSec: number;
  rps: number;
}

/** The offered-load profile made queryable by time. */
export interface ExpandedProfile {
  totalSec: number;
  plateaus: Plateau[];
  /** Offered rps at `sec` seconds after the start (0 outside the profile). */
  offeredAt(sec: number): number;
}

function segmentRate(seg: ProfileSegment, x: number): number {
  switch (seg.kind) {
    case 'step':
      return seg.rps;
    case 'ramp':
      return seg.fromRps + ((seg.toRps - seg.fromRps) * x) / seg.durationSec;
    case 'spike': {
      // The spike sits in the middle of the segment.
      const from = (seg.durationSec - seg.spikeSec) / 2;
      return x >= from && x < from + seg.spikeSec ? seg.peakRps : seg.baseRps;
    }
  }
}

/** Validates the profile and indexes its segments by start time. */
export function expandProfile(profile: ProfileSegment[]): ExpandedProfile {
  if (profile.length === 0) throw new LoadLensError('BAD_INPUT', 'Scenario profile is empty');
  const starts: number[] = [];
  const plateaus: Plateau[] = [];
  let t = 0;
  for (const seg of profile) {
    if (!(seg.durationSec > 0)) {
      throw new LoadLensError('BAD_INPUT', `Profile segment has non-positive duration ${seg.durationSec}`);
    }
    starts.push(t);
    if (seg.kind === 'step') plateaus.push({ fromSec: t, toSec: t + seg.durationSec, rps: seg.rps });
    t += seg.durationSec;
  }
  const totalSec = t;
  return {
    totalSec,
    plateaus,
    offeredAt(sec: number): number {
      if (sec < 0 || sec >= totalSec) return sec === totalSec ? rateAt(profile, starts, sec - 1e-9) : 0;
      return rateAt(profile, starts, sec);
    },
  };
}

function rateAt(profile: ProfileSegment[], starts: number[], sec: number): number {
  // Profiles have a handful of segments: a linear scan is the clearest.
  for (let i = profile.length - 1; i >= 0; i--) {
    const s = starts[i]!;
    if (sec >= s) return Math.max(0, segmentRate(profile[i]!, sec - s));
  }
  return 0;
}
