import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandCall } from '../../../src/chat/command-context.js';
import { handleCommand } from '../../../src/chat/handle-command.js';
import { ECHO_MAX_CHARS } from '../../../src/core/clip.js';
import { chatText } from '../../../src/i18n/chat-text.js';
import { PGLITE_HOOK_TIMEOUT } from '../store/pglite-harness.js';
import { chatServices } from './chat-services.js';

/*
 * Issue 16: a 23,910-character /tz argument came back in 11 messages with the error at the
 * end of the last. Quoted input is now cut to about 60 characters, the error first, in one
 * message, for every command that quotes what was typed.
 */
let env: Awaited<ReturnType<typeof chatServices>>;
beforeAll(async () => {
  env = await chatServices();
}, PGLITE_HOOK_TIMEOUT);
afterAll(async () => env?.close());

const HUGE = 'Europe/'.repeat(3_416).slice(0, 23_910);

const call = (name: string, args: string, languageCode = 'en'): CommandCall => ({
  name,
  args,
  address: { platform: 'telegram', chatId: '-100' },
  user: { id: 'u1', name: 'alice', languageCode },
});

describe('echoed input is cut short, error first, one message', () => {
  it.each([
    [
      '/tz, 23,910 chars, en',
      'tz',
      HUGE,
      'en',
      /^This is not a time zone: "Europe\/Europe\/.*…"\. Use an IANA name/,
    ],
    ['/tz, 23,910 chars, ru', 'tz', HUGE, 'ru', /^Это не часовой пояс: «Europe\/.*…»\. Используйте имя IANA/],
    ['/report, bad interval', 'report', `orders ${HUGE}`, 'en', /^I cannot read ".{1,60}" as an interval/],
    [
      '/slo with a huge expression',
      'slo',
      `orders p95<${HUGE}`,
      'en',
      /^Cannot parse SLO "p95<Europe[^"]{1,60}…": /,
    ],
    [
      'unknown 5,001-char command',
      `x${'y'.repeat(5_000)}`,
      '',
      'en',
      /^Unknown command "xy+…"\. \/help lists the commands\.$/,
    ],
  ])('%s', async (_label, name, args, lang, expected) => {
    const before = env.tg.sent().length;
    await handleCommand(env.services, call(name, args, lang));
    const sent = env.tg.sent().slice(before);
    expect(sent).toHaveLength(1);
    const text = sent[0] as string;
    expect(text).toMatch(expected);
    expect(text.length).toBeLessThan(1_000);
    // The quote is cut, never the end of the message (its help stays whole).
    expect(text.endsWith('…')).toBe(false);
  });

  it('cuts only the quoted params of error sentences, never a report title', () => {
    const long = 'n'.repeat(150);
    expect(chatText('en', 'reportTitle', { name: long })).toBe(long);
    const cut = chatText('en', 'runNotFound', { run: long });
    expect(cut).toBe(`No run "${'n'.repeat(ECHO_MAX_CHARS - 1)}…". /runs lists the recent ones.`);
    // Line breaks in a quote cannot split the sentence across lines either.
    expect(chatText('en', 'badTz', { tz: 'a\nb' })).toBe(
      'This is not a time zone: "a b". Use an IANA name such as Europe/Moscow or UTC.',
    );
  });
});
