import { hasTextKey, type TextKey, type Texts, textsFor } from './analysis-text.js';
import { type FindingParam, isFigure } from './figure.js';
import { createFormatter, type Formatter } from './format.js';
import type { FindingJson, Locale } from './report.types.js';

/** Title and evidence line of a finding in one locale. */
export interface FindingText {
  title: string;
  evidence: string;
}

/** Formats typed finding parameters: figures by their unit, text and step numbers as they are. */
export function formatParams(params: Record<string, FindingParam>, f: Formatter): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, isFigure(v) ? f.figure(v) : String(v)]),
  );
}

/** The localised title and evidence of finding `id` from its typed parameters. */
export function findingTexts(
  id: string,
  params: Record<string, FindingParam>,
  f: Formatter,
  t: Texts = textsFor(f.locale),
): FindingText {
  return {
    title: t(`f.${id}` as TextKey),
    evidence: t(`f.${id}.ev` as TextKey, formatParams(params, f)),
  };
}

/**
 * A stored finding rendered in the reader's locale and zone at display time. Findings
 * written before they carried typed parameters fall back to their stored prose.
 */
export function renderFinding(finding: FindingJson, f: Formatter): FindingText {
  if (finding.id && finding.params && hasTextKey(`f.${finding.id}.ev`)) {
    return findingTexts(finding.id, finding.params, f);
  }
  return { title: finding.title, evidence: finding.evidence ?? '' };
}

/** {@link renderFinding} with a fresh formatter, for one-off calls. */
export function renderFindingIn(finding: FindingJson, locale: Locale, tz: string): FindingText {
  return renderFinding(finding, createFormatter(locale, tz));
}

/** A report's notes in `locale` when it carries them per language, else as stored. */
export function reportWarnings(
  report: { warnings?: string[]; warningsI18n?: Partial<Record<Locale, string[]>> },
  locale: Locale,
): string[] {
  return report.warningsI18n?.[locale] ?? report.warnings ?? [];
}
