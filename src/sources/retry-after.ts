/**
 * Reads an HTTP `Retry-After` value — delay-seconds (`120`) or an HTTP date
 * (`Wed, 21 Oct 2026 07:28:00 GMT`) — as milliseconds from `nowMs`. Null when absent or
 * unreadable; a date in the past reads as 0 (retry now).
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  const raw = value?.trim();
  if (!raw) return null;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  // Only the date forms HTTP allows: a bare number with a sign or a fraction is not one.
  if (!/[a-z]/i.test(raw)) return null;
  const at = Date.parse(raw);
  if (!Number.isFinite(at)) return null;
  return Math.max(0, at - nowMs);
}
