import { type TextKey, type Texts, text } from './analysis-text.js';
import type { Locale } from './report.types.js';

/** A `Texts` that remembers what it wrote, so a note can be said again in another language. */
export interface RecordingTexts extends Texts {
  /**
   * `written` in `locale` when this texts function produced it (same template, same
   * parameters); anything else (a source's own message) comes back unchanged.
   */
  translate(written: string, locale: Locale): string;
}

/**
 * Texts bound to `locale` that record every string they produce. The analysis writes its
 * notes once, in the report's language; the record lets the report carry them in both
 * languages without each note becoming a structured type.
 */
export function recordingTexts(locale: Locale): RecordingTexts {
  const made = new Map<string, { key: TextKey; params: Record<string, string | number> }>();
  const t = ((key: TextKey, params: Record<string, string | number> = {}) => {
    const out = text(locale, key, params);
    made.set(out, { key, params });
    return out;
  }) as RecordingTexts;
  t.translate = (written, other) => {
    const m = made.get(written);
    return m ? text(other, m.key, m.params) : written;
  };
  return t;
}
