import { type ErrorCode, LoadLensError } from '../../core/errors.js';

/*
 * BullMQ keeps only a failed job's message (`failedReason`), so the error code and the i18n
 * details travel inside it: `[CODE] message`, plus a last line `details: {json}` when there
 * are details. The in-process engine uses the same text, so both engines fail alike.
 */

const HEAD = /^\[([A-Z][A-Z0-9_]*)\] ([\s\S]*)$/;
const DETAILS_PREFIX = '\ndetails: ';

/** The reason text stored for a failed job. */
export function encodeFailure(err: LoadLensError): string {
  const details = Object.keys(err.details).length > 0 ? DETAILS_PREFIX + JSON.stringify(err.details) : '';
  return `[${err.code}] ${err.message}${details}`;
}

function parseDetails(json: string): Record<string, string | number> | null {
  try {
    const value: unknown = JSON.parse(json);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
    const out: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string' || typeof v === 'number') out[k] = v;
    }
    return out;
  } catch {
    return null;
  }
}

/** Rebuilds the LoadLensError from a stored reason; foreign text becomes INTERNAL. */
export function decodeFailure(reason: string): LoadLensError {
  const m = HEAD.exec(reason);
  if (m === null) return new LoadLensError('INTERNAL', reason || 'job failed');
  // The code was written by encodeFailure from a LoadLensError, so it is an ErrorCode.
  const code = m[1] as ErrorCode;
  let message = m[2] ?? '';
  let details: Record<string, string | number> = {};
  const at = message.lastIndexOf(DETAILS_PREFIX);
  if (at >= 0) {
    const parsed = parseDetails(message.slice(at + DETAILS_PREFIX.length));
    if (parsed !== null) {
      details = parsed;
      message = message.slice(0, at);
    }
  }
  return new LoadLensError(code, message, { details });
}
