import { describe, expect, it } from 'vitest';
import type { Locale } from '../../../src/analysis/report.types.js';
import type { CommandContext } from '../../../src/chat/command-context.js';
import { describeError } from '../../../src/chat/handle-command.js';
import { parseInterval } from '../../../src/chat/parse-interval.js';
import { validateWindow } from '../../../src/core/window.js';
import { chatText } from '../../../src/i18n/chat-text.js';
import { windowNoteText } from '../../../src/i18n/window-text.js';

/** The three things `describeError` reads from a command context. */
function ctx(locale: Locale, tz: string): CommandContext {
  return { locale, tz, t: (k, p) => chatText(locale, k, p) } as CommandContext;
}

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('no error');
}

const NOW = Date.parse('2026-12-01T12:20:00Z'); // 15:20 in Moscow

describe('interval errors in the chat language with zoned dates', () => {
  it('says a future start in Russian with MSK times, not raw ISO', () => {
    const err = errorOf(() => validateWindow(NOW + 3_600_000, NOW + 7_200_000, NOW));
    const text = describeError(ctx('ru', 'Europe/Moscow'), err);
    expect(text).toBe('Начало 2026-12-01 16:20 MSK ещё не наступило (сейчас 2026-12-01 15:20 MSK).');
    expect(describeError(ctx('en', 'UTC'), err)).toBe(
      'The start 2026-12-01 13:20 UTC is in the future (now it is 2026-12-01 12:20 UTC).',
    );
  });

  it('says an end before the start and a too long window in Russian', () => {
    const back = errorOf(() => validateWindow(NOW - 60_000, NOW - 120_000, NOW));
    expect(describeError(ctx('ru', 'Europe/Moscow'), back)).toBe(
      'Конец 2026-12-01 15:18 MSK не позже начала 2026-12-01 15:19 MSK.',
    );
    const long = errorOf(() => validateWindow(NOW - 12 * 3_600_000, NOW, NOW, 6 * 3_600_000));
    expect(describeError(ctx('ru', 'Europe/Moscow'), long).replaceAll('\u00a0', ' ')).toBe(
      'Интервал 12 ч длиннее максимума 6 ч. Запросите окно короче.',
    );
  });

  it('lists Russian interval forms for an unreadable interval', () => {
    const err = errorOf(() => parseInterval('когда-нибудь', NOW, 'Europe/Moscow'));
    const text = describeError(ctx('ru', 'Europe/Moscow'), err);
    expect(text).toMatch(/^Не понимаю интервал «когда-нибудь»/);
    expect(text).toContain('вчера 15:20-15:50');
    expect(text).not.toMatch(/last|yesterday|today/);
  });

  it('says a clamped end in the report language with zoned times', () => {
    const w = validateWindow(NOW - 600_000, NOW + 600_000, NOW);
    expect(w.toMs).toBe(NOW);
    expect(w.notes).toHaveLength(1);
    expect(windowNoteText(w.notes[0]!, 'ru', 'Europe/Moscow')).toBe(
      'Конец 2026-12-01 15:30 MSK ещё не наступил; отчёт построен до текущего момента (2026-12-01 15:20 MSK).',
    );
    expect(windowNoteText(w.notes[0]!, 'en', 'UTC')).toBe(
      'The end 2026-12-01 12:30 UTC is in the future; the report stops at now (2026-12-01 12:20 UTC).',
    );
  });
});
