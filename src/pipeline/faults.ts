import { z } from 'zod';
import { LoadLensError } from '../core/errors.js';

/*
 * TEST ONLY. A fault-injection seam for the chaos tests (issue 16): a worker started with
 * LOADLENS_FAULT_KILL_AT=<point>[,<point>…] kills itself with SIGKILL the first time it
 * reaches one of those points, exactly as an operator's `kill -9` would at that instant.
 * Points are named `<scope>:<step>:<boundary>`, e.g. `deliver:summary:after-send`; a
 * trailing `*` matches any suffix. Unset (production), `at` does nothing.
 */

/** A point a job passes: the delivery step and which side of its send or record. */
export type FaultBoundary = 'before-intent' | 'before-send' | 'after-send' | 'after-record';

/** The seam jobs call at each step boundary. */
export interface Faults {
  /** Kills the process when `point` is configured; otherwise returns at once. */
  at(point: string): void;
}

/** Production default: no faults. */
export const noFaults: Faults = { at: () => undefined };

const POINT = /^[a-z0-9-]+(:[a-z0-9*-]+){0,2}\*?$/;

/** LOADLENS_FAULT_KILL_AT: comma-separated fault points (test only). */
export const faultPointsSchema = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z.string().regex(POINT, {
        message: 'must be points such as deliver:summary:after-send (test only)',
      }),
    ),
  );

/**
 * Builds the seam from LOADLENS_FAULT_KILL_AT. `kill` is injectable so unit tests see the
 * point reached instead of dying.
 */
export function createFaults(
  value: string | undefined,
  kill: (point: string) => void = () => process.kill(process.pid, 'SIGKILL'),
): Faults {
  if (value === undefined || value.trim() === '') return noFaults;
  const parsed = faultPointsSchema.safeParse(value);
  if (!parsed.success) {
    throw new LoadLensError(
      'CONFIG_INVALID',
      `LOADLENS_FAULT_KILL_AT ${parsed.error.issues[0]?.message ?? 'is invalid'}`,
      { retryable: false },
    );
  }
  const points = parsed.data;
  const matches = (point: string) =>
    points.some((p) => (p.endsWith('*') ? point.startsWith(p.slice(0, -1)) : p === point));
  return {
    at(point) {
      if (matches(point)) kill(point);
    },
  };
}
