import { describe, expect, it } from 'vitest';
import { addressOf, parseCommandText, userOf } from '../../../src/bots/telegram/parse-update.js';

describe('parseCommandText', () => {
  it('splits name and args, lower-cases the name and strips our @mention', () => {
    expect(parseCommandText('/report checkout 10:00 - 11:30', 'loadlens_bot')).toEqual({
      name: 'report',
      args: 'checkout 10:00 - 11:30',
    });
    expect(parseCommandText('/Report@LoadLens_Bot  1h ', 'loadlens_bot')).toEqual({
      name: 'report',
      args: '1h',
    });
    expect(parseCommandText('/runs', 'loadlens_bot')).toEqual({ name: 'runs', args: '' });
    expect(parseCommandText('/note заметка\nвторая строка', 'loadlens_bot')).toEqual({
      name: 'note',
      args: 'заметка\nвторая строка',
    });
  });

  it('ignores plain text and commands addressed to another bot', () => {
    expect(parseCommandText('hello /report', 'loadlens_bot')).toBeNull();
    expect(parseCommandText('/report@other_bot 1h', 'loadlens_bot')).toBeNull();
    expect(parseCommandText('/', 'loadlens_bot')).toBeNull();
    expect(parseCommandText('/report-now', 'loadlens_bot')).toBeNull();
  });
});

describe('addressOf', () => {
  const chat = { id: -1001234, type: 'supergroup' as const, title: 't' };
  it('keeps the forum topic of a topic message', () => {
    expect(addressOf({ chat, message_thread_id: 77, is_topic_message: true })).toEqual({
      platform: 'telegram',
      chatId: '-1001234',
      threadId: '77',
    });
  });
  it('does not treat a reply thread in a plain group as a topic', () => {
    expect(addressOf({ chat, message_thread_id: 5 })).toEqual({ platform: 'telegram', chatId: '-1001234' });
  });
});

describe('userOf', () => {
  it('maps id, name and language code', () => {
    expect(userOf({ id: 5, is_bot: false, first_name: 'Иван', last_name: 'П', language_code: 'ru' })).toEqual(
      {
        id: '5',
        name: 'Иван П',
        languageCode: 'ru',
      },
    );
    expect(userOf({ id: 6, is_bot: false, first_name: 'A', username: 'perf_anna' })).toEqual({
      id: '6',
      name: 'perf_anna',
    });
    expect(userOf(undefined)).toEqual({ id: 'unknown' });
  });
});
