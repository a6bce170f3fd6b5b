import { z } from 'zod';
import { LoadLensError } from '../core/errors.js';

/*
 * TEST ONLY. A fault-injection seam for the chaos tests (issue 16): a worker started with
 * LOADLENS_FAULT_KILL_AT=<point>[,<point>…] kills itself with SIGKILL the first time it
 * reaches one of those points, exactly as an operator's `kill -9` would at that instant.
 * Points are named `<scope>:<step>:<boundary>`, e.g. `deliver:summary:after-send`; a
 * trailing `*` matches any suffix. A point may name the chat it applies to after `@`
 * (`deliver:album:before-send@telegram:-1001`), so workers taking jobs in any order still die
 * in the job meant for that point. Unset (production), `at` does nothing.
 */

/** A point a job passes: the delivery step and which side of its send or record. */
export type FaultBoundary = 'before-intent' | 'before-send' | 'after-send' | 'after-record';

/** The seam jobs call at each step boundary. */
export interface Faults {
  /** Kills the process when `point` is configured (for `where`, if it names one); otherwise returns at once. */
  at(point: string, where?: string): void;
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
      z
        .string()
        .refine((v) => POINT.test(v.split('@')[0] ?? ''), {
          message: 'must be points such as deliver:summary:after-send (test only)',
        })
        .transform((v) => {
          const at = v.indexOf('@');
          return at < 0 ? { point: v, where: undefined } : { point: v.slice(0, at), where: v.slice(at + 1) };
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
  const matches = (point: string, where: string | undefined) =>
    points.some(
      (p) =>
        (p.point.endsWith('*') ? point.startsWith(p.point.slice(0, -1)) : p.point === point) &&
        (p.where === undefined || p.where === where),
    );
  return {
    at(point, where) {
      if (matches(point, where)) kill(point);
    },
  };
}
