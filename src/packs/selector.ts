import { formatDuration } from '../sources/step.js';

/**
 * Turns a user selector into a clean matcher list: strips surrounding braces, blanks and
 * stray commas, so `{a="b",}`, ` a="b" ` and `a="b", c=~"x"` all work.
 */
export function normaliseSelector(selector: string | undefined): string {
  let s = (selector ?? '').trim();
  if (s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1).trim();
  return s.replace(/^[\s,]+|[\s,]+$/g, '');
}

/**
 * `metric{<selector>,<extra>}`, or just `metric` when there are no matchers. `extra` is a
 * matcher string or a list of them; empty parts are dropped, so callers never produce
 * `{,x}` or `{}`.
 */
export function withSelector(metric: string, selector: string, extra?: string | string[]): string {
  const parts = [normaliseSelector(selector), ...(Array.isArray(extra) ? extra : [extra ?? ''])]
    .map((p) => normaliseSelector(p))
    .filter((p) => p !== '');
  return parts.length === 0 ? metric : `${metric}{${parts.join(',')}}`;
}

/** The match[] argument of the series/label APIs for a selector, or none when empty. */
export function selectorMatchers(selector: string | undefined): string[] | undefined {
  const s = normaliseSelector(selector);
  return s === '' ? undefined : [`{${s}}`];
}

/**
 * A `$__rate_interval`-like range for `rate()`: four steps and four scrapes. With the scrape
 * interval unknown, at least one minute, so that a rate spans several 15 s scrapes even at
 * fine steps; with it known (1 s scrapes of a short lab step), no wider than the data needs,
 * so a 15-second load step is not smeared over a minute.
 */
export function rateWindow(stepSec: number, scrapeSec?: number | null): string {
  if (scrapeSec && scrapeSec > 0) return formatDuration(Math.max(4 * stepSec, Math.ceil(4 * scrapeSec)));
  return formatDuration(Math.max(4 * stepSec, 60));
}
