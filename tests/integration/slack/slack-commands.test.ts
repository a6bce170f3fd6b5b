import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GroundTruth } from '../../../src/sim/scenario.js';
import { signedSlashCommand, textOf } from '../../fakes/slack/signing.js';
import { MAX_HOURS, type SlackStack, startSlackStack } from './slack-stack.js';

/**
 * Settings, bad input, faults and request authentication, each through a signed request to
 * the real app and observed at the fake Slack Web API (and in PostgreSQL/Redis).
 */
let stack: SlackStack;
beforeAll(async () => {
  stack = await startSlackStack();
});
afterAll(async () => stack?.close());

/** Sends a command and returns the text of every reply it caused in the channel. */
async function say(command: string, text: string, channel: string, user = 'U0ALICE'): Promise<string> {
  const before = stack.fake.messagesIn(channel).length;
  const res = await stack.command({ command, text, channel_id: channel, user_id: user });
  expect(res.status).toBe(200);
  expect(res.ms).toBeLessThan(3000);
  await stack.app.idle();
  return stack.fake
    .messagesIn(channel)
    .slice(before)
    .map((m) => textOf(m))
    .join('\n');
}

const utc = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

describe('Slack settings commands persist', () => {
  const chat = 'slack:C0SETTINGS';

  it('/service, /tz and /lang store the chat settings and answer in the chosen language', async () => {
    expect(await say('/service', 'dbpool', 'C0SETTINGS')).toMatch(/default service is now dbpool/);
    expect(await say('/tz', 'Europe/Moscow', 'C0SETTINGS')).toMatch(/Time zone set to Europe\/Moscow/);
    expect(await say('/loadlens', 'lang ru', 'C0SETTINGS')).toMatch(/Язык: русский/);
    const s = await stack.services.store.getChatSettings(chat);
    expect(s).toMatchObject({ service: 'dbpool', tz: 'Europe/Moscow', locale: 'ru' });
    // The chat's language now wins over the user's Slack locale (en-US).
    expect(await say('/tz', '', 'C0SETTINGS')).toMatch(/Часовой пояс чата: Europe\/Moscow/);
    expect(await say('/service', '', 'C0SETTINGS')).toMatch(/Сервис этого чата: dbpool/);
    expect(await say('/lang', 'en', 'C0SETTINGS')).toMatch(/Language set to English/);
    expect((await stack.services.store.getChatSettings(chat)).locale).toBe('en');
  });

  it('/runs with no runs and /baseline without one answer helpfully', async () => {
    expect(await say('/runs', 'calm', 'C0SETTINGS')).toMatch(/No runs yet/);
    expect(await say('/baseline', 'calm', 'C0SETTINGS')).toMatch(/calm has no baseline yet/);
  });
});

describe('Slack language', () => {
  it('answers in Russian for a user whose Slack locale is ru-RU', async () => {
    const reply = await say('/loadlens', 'frobnicate', 'C0RU', 'U0IVAN');
    expect(reply).toMatch(/Неизвестная команда «frobnicate»/);
    const lookup = stack.fake.okCallsOf('users.info').find((c) => c.args.user === 'U0IVAN');
    expect(lookup?.args.include_locale).toBe('true');
  });

  it('falls back to LOCALE when users.info fails', async () => {
    stack.fake.fail('users.info', { error: 'user_not_found' }, 1);
    expect(await say('/frobnicate', '', 'C0RU', 'U0NOBODY')).toMatch(/Unknown command "frobnicate"/);
  });
});

describe('Slack bad input reaches the user as a message', () => {
  it('unknown command', async () => {
    expect(await say('/loadlens', 'frobnicate now', 'C0ERRORS')).toMatch(/Unknown command "frobnicate"/);
  });

  it('unknown service', async () => {
    expect(await say('/report', 'nosuch 30m', 'C0ERRORS')).toMatch(/Unknown service "nosuch".*dbpool, calm/);
  });

  it('malformed interval', async () => {
    expect(await say('/report', 'dbpool 25:99-26:00', 'C0ERRORS')).toMatch(
      /cannot read "25:99-26:00" as an interval/,
    );
  });

  it('interval over the maximum', async () => {
    const truth = inject('scenarios').step_db_pool as GroundTruth;
    const from = truth.endMs - (MAX_HOURS + 2) * 3_600_000;
    const reply = await say('/report', `dbpool ${utc(from)} - ${utc(truth.endMs)}`, 'C0ERRORS');
    expect(reply).toMatch(/longer than the maximum of 6\s?h/);
    expect(reply).not.toMatch(/Working on it/);
  });

  it('a channel that is not allowed: refused, nothing queued', async () => {
    const res = await stack.command({ command: '/report', text: 'dbpool 30m', channel_id: 'C0STRANGER' });
    await stack.app.idle();
    const replies = stack.fake.messagesIn('C0STRANGER').map(textOf);
    expect(replies).toEqual([expect.stringMatching(/not allowed to run reports/)]);
    expect(await stack.services.queue.getState(`report-slack:C0STRANGER-${res.triggerId}`)).toBe('unknown');
    expect(await say('/start', '', 'C0STRANGER')).toMatch(/C0STRANGER.*SLACK_ALLOWED_CHANNELS/s);
  });
});

describe('Slack faults', () => {
  it('a 429 with Retry-After on chat.postMessage: the reply still arrives, once', async () => {
    stack.fake.fail('chat.postMessage', { status: 429, retryAfterSec: 1 });
    const started = Date.now();
    const reply = await say('/help', '', 'C0LIMITS');
    expect(reply).toMatch(/LoadLens commands/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(stack.fake.messagesIn('C0LIMITS')).toHaveLength(1);
    const posts = stack.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === 'C0LIMITS');
    expect(posts.map((c) => c.status)).toEqual([429, 200]);
  });
});

describe('Slack request authentication', () => {
  const sideEffects = () => ({
    calls: stack.fake.calls.filter((c) => c.method !== 'users.info').length,
    messages: stack.fake.messages.length,
  });

  it('refuses a forged signature with 401 and does nothing', async () => {
    const before = sideEffects();
    const res = await stack.command(
      { command: '/report', text: 'dbpool 30m', channel_id: 'C0GENERAL' },
      { tamperedBody: 'command=%2Freport&text=calm+30m&channel_id=C0GENERAL&user_id=U0ALICE&trigger_id=t1' },
    );
    expect(res.status).toBe(401);
    const wrongSecret = await stack.post(
      signedSlashCommand('not-the-secret', { command: '/lang', text: 'ru', channel_id: 'C0GENERAL' }),
    );
    expect(wrongSecret.status).toBe(401);
    await stack.app.idle();
    expect(sideEffects()).toEqual(before);
    expect(await stack.services.queue.getState('report-slack:C0GENERAL-t1')).toBe('unknown');
    expect((await stack.services.store.getChatSettings('slack:C0GENERAL')).locale).toBeNull();
  });

  it('refuses a correctly signed request older than five minutes (replay) with 401', async () => {
    const before = sideEffects();
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await stack.command(
      { command: '/report', text: 'dbpool 30m', channel_id: 'C0GENERAL' },
      { timestampSec: stale },
    );
    expect(res.status).toBe(401);
    await stack.app.idle();
    expect(sideEffects()).toEqual(before);
    expect(await stack.services.queue.getState(`report-slack:C0GENERAL-${res.triggerId}`)).toBe('unknown');
    // The same request signed now is accepted: the refusal was the timestamp.
    const fresh = await stack.command({ command: '/help', text: '', channel_id: 'C0GENERAL' });
    expect(fresh.status).toBe(200);
  });
});
