import { type TextKey, textsFor } from './analysis-text.js';
import type { Finding } from './findings/common.js';
import { createFormatter } from './format.js';
import type { Locale } from './report.types.js';
import type { SummaryInput } from './summaries.js';

/**
 * The same summary input in the other language, so a report carries its domain summaries
 * in both and a page renders in the reader's language. Finding titles quoted by the
 * summaries are re-rendered too; every figure stays the same value.
 */
export function otherLocaleInput<T extends SummaryInput>(
  x: T,
  locale: Locale,
  tz: string,
): { locale: Locale; input: T } {
  const other: Locale = locale === 'ru' ? 'en' : 'ru';
  const t = textsFor(other);
  const findings: Finding[] = x.findings.map((f) => ({ ...f, title: t(`f.${f.id}` as TextKey) }));
  return { locale: other, input: { ...x, t, f: createFormatter(other, tz), findings } };
}
