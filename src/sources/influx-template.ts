import { formatDuration } from './step.js';

/** The window and resolution placeholders are filled from. */
export interface TemplateWindow {
  fromMs: number;
  toMs: number;
  stepSec: number;
}

/**
 * Fills Grafana-style placeholders in InfluxQL: `$timeFilter` → `time >= <from>ms and
 * time <= <to>ms`, `$interval`/`$__interval` → `15s`, `$__interval_ms` → `15000`,
 * `$from`/`$__from` and `$to`/`$__to` → `<epoch ms>ms`. Unknown `$names` are left alone.
 */
export function substituteInfluxQL(query: string, w: TemplateWindow): string {
  const values: Record<string, string> = {
    timeFilter: `time >= ${w.fromMs}ms and time <= ${w.toMs}ms`,
    __timeFilter: `time >= ${w.fromMs}ms and time <= ${w.toMs}ms`,
    interval: formatDuration(w.stepSec),
    __interval: formatDuration(w.stepSec),
    __interval_ms: String(Math.round(w.stepSec * 1000)),
    from: `${w.fromMs}ms`,
    __from: `${w.fromMs}ms`,
    to: `${w.toMs}ms`,
    __to: `${w.toMs}ms`,
  };
  return query.replace(/\$(\w+)\b/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * Fills Flux placeholders: `$from`/`v.timeRangeStart` and `$to`/`v.timeRangeStop` become
 * RFC 3339 time literals, `$interval`/`v.windowPeriod` a duration literal and `$bucket`
 * the configured bucket name — so `range(start: $from, stop: $to)` works as written.
 */
export function substituteFlux(query: string, w: TemplateWindow & { bucket?: string }): string {
  const from = new Date(w.fromMs).toISOString();
  const to = new Date(w.toMs).toISOString();
  const every = formatDuration(w.stepSec);
  const dollar: Record<string, string> = {
    from,
    __from: from,
    to,
    __to: to,
    interval: every,
    __interval: every,
    ...(w.bucket ? { bucket: w.bucket } : {}),
  };
  const v: Record<string, string> = { timeRangeStart: from, timeRangeStop: to, windowPeriod: every };
  return query
    .replace(/\bv\.(timeRangeStart|timeRangeStop|windowPeriod)\b/g, (whole, name: string) => v[name] ?? whole)
    .replace(/\$(\w+)\b/g, (whole, name: string) => dollar[name] ?? whole);
}
