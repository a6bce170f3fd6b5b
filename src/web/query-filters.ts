import { z } from 'zod';
import type { Verdict } from '../analysis/report.types.js';
import { hasControlChars } from '../core/clip.js';
import { LoadLensError } from '../core/errors.js';
import type { RunsQuery } from './runs-page.js';
import { VERDICTS } from './runs-page.js';
import type { WebTextKey } from './web-strings.js';

/*
 * Query strings of the web pages, validated with zod (issue 16). A value that cannot be
 * used is a 400 whose message the error page shows in the visitor's language: the error
 * carries the web text key and the field's label key in `details`, never the raw value.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Days the runs filter accepts; beyond them a date is a typo, not a search. */
const FIRST_YEAR = 1970;
const LAST_YEAR = 2100;
/** Longest text filter (the form's maxlength). */
export const FILTER_MAX_CHARS = 200;
export const MAX_PAGE = 10_000;

/** True for `YYYY-MM-DD` naming a day that exists, within the accepted years. */
export function isFilterDay(v: string): boolean {
  const m = DATE.exec(v);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < FIRST_YEAR || y > LAST_YEAR) return false;
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

// Issue messages are web text keys; `field` (a label key) is added where the key names one.
const text = z
  .string()
  .max(FILTER_MAX_CHARS, 'badFilterText')
  .refine((v) => !hasControlChars(v), 'badFilterText')
  .transform((v) => v.trim() || undefined);
const day = z
  .string()
  .refine((v) => v === '' || isFilterDay(v), 'badFilterDate')
  .transform((v) => v || undefined);

const runsQuerySchema = z
  .object({
    service: text.optional(),
    q: text.optional(),
    verdict: z
      .string()
      .refine((v) => v === '' || (VERDICTS as readonly string[]).includes(v), 'badFilterVerdict')
      .transform((v) => (v ? (v as Verdict) : undefined))
      .optional(),
    since: day.optional(),
    until: day.optional(),
    page: z
      .string()
      .refine((v) => v === '' || (/^\d{1,5}$/.test(v) && Number(v) <= MAX_PAGE), 'badFilterPage')
      .transform((v) => (v ? Number(v) : 0))
      .optional(),
  })
  .refine((o) => !o.since || !o.until || o.since <= o.until, { message: 'badFilterOrder', path: ['since'] });

/** The label key of each filter, for messages naming it. */
const FIELD_LABEL: Record<string, WebTextKey> = {
  service: 'service',
  q: 'search',
  since: 'since',
  until: 'until',
};

/** The BAD_INPUT of a failed parse: English message for logs, keys for the page. */
function badFilter(error: z.ZodError): LoadLensError {
  const issue = error.issues[0];
  const field = String(issue?.path[0] ?? '');
  const key = (issue?.message ?? 'errBadRequestText') as WebTextKey;
  return new LoadLensError('BAD_INPUT', `query parameter ${field || '?'}: ${key}`, {
    details: { webText: key, ...(FIELD_LABEL[field] ? { field: FIELD_LABEL[field] } : {}) },
  });
}

/** The runs list's filters; throws BAD_INPUT (400) for a value that cannot be used. */
export function parseRunsQuery(url: URL): RunsQuery {
  const p = url.searchParams;
  const raw: Record<string, string> = {};
  for (const k of ['service', 'q', 'verdict', 'since', 'until', 'page']) {
    const v = p.get(k);
    if (v !== null) raw[k] = v;
  }
  const parsed = runsQuerySchema.safeParse(raw);
  if (!parsed.success) throw badFilter(parsed.error);
  const o = parsed.data;
  return {
    service: o.service,
    verdict: o.verdict,
    q: o.q,
    since: o.since,
    until: o.until,
    page: o.page ?? 0,
  };
}

const runIds = z.array(
  z
    .string()
    .max(100, 'badFilterRun')
    .refine((v) => !hasControlChars(v), 'badFilterRun'),
);

/** The runs picked on the runs page (`run=` repeated): distinct, non-empty; BAD_INPUT for a bad one. */
export function parsePickedRuns(url: URL): string[] {
  const parsed = runIds.safeParse(url.searchParams.getAll('run'));
  if (!parsed.success) throw badFilter(parsed.error);
  return [...new Set(parsed.data.filter((id) => id.length > 0))];
}
