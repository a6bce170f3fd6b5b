import { createFormatter } from '../analysis/format.js';
import type { Locale } from '../analysis/report.types.js';
import type { WindowNote } from '../core/window.js';

const TEXT: Record<Locale, Record<WindowNote['code'], string>> = {
  en: { end_clamped: 'The end {asked} is in the future; the report stops at now ({now}).' },
  ru: { end_clamped: 'Конец {asked} ещё не наступил; отчёт построен до текущего момента ({now}).' },
};

/** A window adjustment in `locale`, its times as `2026-12-01 15:20 MSK` in `tz`. */
export function windowNoteText(note: WindowNote, locale: Locale, tz: string): string {
  const f = createFormatter(locale, tz);
  const params: Record<string, string> = { asked: f.dateTime(note.askedToMs), now: f.dateTime(note.nowMs) };
  return TEXT[locale][note.code].replace(/\{(\w+)\}/g, (m, k: string) => params[k] ?? m);
}
