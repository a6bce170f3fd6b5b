import { LoadLensError } from './errors.js';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/** Parses a compact duration such as `90s`, `30m`, `1h30m`, `2d`; returns milliseconds. */
export function parseDuration(text: string): number {
  const s = text.trim().toLowerCase();
  const re = /(\d+(?:\.\d+)?)(ms|min|s|m|h|d|w)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    total += Number(m[1]) * (UNIT_MS[m[2] as string] ?? 0);
    matched = re.lastIndex;
  }
  if (matched === 0 || matched !== s.length || total <= 0) {
    throw new LoadLensError('BAD_INTERVAL', `"${text}" is not a duration; use forms like 30m, 2h, 1h30m`, {
      details: { input: text },
    });
  }
  return total;
}

/** Formats milliseconds compactly: `1h30m`, `45s`. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  let rest = Math.round(ms / 1_000);
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join('');
}

/**
 * Parses a CLI time: ISO 8601 (`2026-11-20T10:00:00Z`, a date-time without zone is UTC),
 * epoch seconds/milliseconds, `now`, or relative `now-1h` / `now+5m`.
 */
export function parseTime(text: string, nowMs: number): number {
  const s = text.trim();
  if (s === 'now') return nowMs;
  const rel = /^now\s*([+-])\s*(.+)$/i.exec(s);
  if (rel) return nowMs + (rel[1] === '-' ? -1 : 1) * parseDuration(rel[2] as string);
  if (/^\d{10}$/.test(s)) return Number(s) * 1_000;
  if (/^\d{13}$/.test(s)) return Number(s);
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) {
    const iso = /[zZ]|[+-]\d{2}:?\d{2}$/.test(s) || s.length <= 10 ? s : `${s}Z`;
    const ms = Date.parse(iso.replace(' ', 'T'));
    if (Number.isFinite(ms)) return ms;
  }
  throw new LoadLensError(
    'BAD_INTERVAL',
    `"${text}" is not a time; use ISO 8601 (2026-11-20T10:00:00Z), epoch seconds, now or now-1h`,
    { details: { input: text } },
  );
}
