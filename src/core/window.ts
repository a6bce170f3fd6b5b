import { formatDuration } from './duration.js';
import { LoadLensError } from './errors.js';

/** A validated report window in epoch milliseconds. */
export interface ReportWindow {
  fromMs: number;
  toMs: number;
  /** Adjustments made, said to the user (e.g. an end in the future clamped to now). */
  warnings: string[];
  /** The same adjustments as data, so each surface says them in its language and zone. */
  notes: WindowNote[];
}

/** An adjustment of the window: the asked end was in the future and now ends it. */
export interface WindowNote {
  code: 'end_clamped';
  askedToMs: number;
  nowMs: number;
}

/**
 * Checks a window before any query runs: the end must follow the start, the start must
 * not be in the future, and the length must stay under `maxMs`. An end in the future is
 * clamped to now (the data does not exist yet) and reported as a warning.
 */
export function validateWindow(fromMs: number, toMs: number, nowMs: number, maxMs?: number): ReportWindow {
  const iso = (ms: number) => new Date(ms).toISOString();
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) {
    throw new LoadLensError('BAD_INTERVAL', 'the window needs a valid start and end time', {
      details: { reason: 'invalid' },
    });
  }
  if (toMs <= fromMs) {
    throw new LoadLensError('BAD_INTERVAL', `the end ${iso(toMs)} is not after the start ${iso(fromMs)}`, {
      // Epoch ms and a reason code, so chat can say it in the user's language and zone.
      details: { from: iso(fromMs), to: iso(toMs), reason: 'end_before_start', fromMs, toMs },
    });
  }
  if (fromMs >= nowMs) {
    throw new LoadLensError(
      'BAD_INTERVAL',
      `the start ${iso(fromMs)} is in the future (now is ${iso(nowMs)})`,
      {
        details: { from: iso(fromMs), reason: 'start_in_future', fromMs, nowMs },
      },
    );
  }
  const warnings: string[] = [];
  const notes: WindowNote[] = [];
  let end = toMs;
  if (end > nowMs) {
    warnings.push(`the end ${iso(toMs)} is in the future; the report stops at now (${iso(nowMs)})`);
    notes.push({ code: 'end_clamped', askedToMs: toMs, nowMs });
    end = nowMs;
  }
  if (maxMs !== undefined && end - fromMs > maxMs) {
    throw new LoadLensError(
      'INTERVAL_TOO_LONG',
      `the window is ${formatDuration(end - fromMs)}, longer than the maximum ${formatDuration(maxMs)}`,
      {
        details: {
          length: formatDuration(end - fromMs),
          max: formatDuration(maxMs),
          lengthMs: end - fromMs,
          maxMs,
        },
      },
    );
  }
  return { fromMs, toMs: end, warnings, notes };
}
