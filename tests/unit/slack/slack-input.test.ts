import { describe, expect, it } from 'vitest';
import {
  actionId,
  BUTTON_ACTIONS,
  parseActionId,
  urlActionId,
} from '../../../src/bots/slack/slack-actions.js';
import { createSlackApp, slackMode } from '../../../src/bots/slack/slack-app.js';
import { parseSlashCommand } from '../../../src/bots/slack/slash-command.js';
import type { ChatServices } from '../../../src/chat/services.js';
import { isLoadLensError } from '../../../src/core/errors.js';
import { silentLogger } from '../../../src/core/logger.js';
import { createHttpServer } from '../../../src/web/http-server.js';

describe('action ids', () => {
  it('round-trip every button action, repeats included', () => {
    for (const action of BUTTON_ACTIONS) {
      expect(actionId(action)).toBe(`ll_${action}`);
      expect(parseActionId(actionId(action))).toBe(action);
      expect(parseActionId(actionId(action, 3))).toBe(action);
    }
    expect(new Set(BUTTON_ACTIONS.flatMap((a) => [actionId(a), actionId(a, 1)])).size).toBe(
      BUTTON_ACTIONS.length * 2,
    );
  });

  it('give no action for URL buttons and foreign or forged ids', () => {
    expect(parseActionId(urlActionId(2))).toBeNull();
    expect(parseActionId('ll_drop_tables')).toBeNull();
    expect(parseActionId('set_baseline')).toBeNull();
    expect(parseActionId('ll_')).toBeNull();
  });
});

describe('slash commands', () => {
  it('take the name from the command and the arguments from the text', () => {
    expect(parseSlashCommand('/report', '  orders 10:00 - 11:00 ')).toEqual({
      name: 'report',
      args: 'orders 10:00 - 11:00',
    });
    expect(parseSlashCommand('/TZ', 'Europe/Moscow')).toEqual({ name: 'tz', args: 'Europe/Moscow' });
  });

  it('route the umbrella /loadlens to its first word, keeping the rest verbatim', () => {
    expect(parseSlashCommand('/loadlens', 'report 1h')).toEqual({ name: 'report', args: '1h' });
    expect(parseSlashCommand('/loadlens', 'note run-1 line one\nline two')).toEqual({
      name: 'note',
      args: 'run-1 line one\nline two',
    });
    expect(parseSlashCommand('/loadlens', '/Lang ru')).toEqual({ name: 'lang', args: 'ru' });
    expect(parseSlashCommand('/loadlens', '')).toEqual({ name: 'help', args: '' });
  });
});

describe('mode selection', () => {
  const services = { logger: silentLogger } as unknown as ChatServices;
  const base = { token: 'xoxb-1', apiUrl: 'http://127.0.0.1:9/api/' };

  it('is Socket Mode with an app token, HTTP otherwise', () => {
    expect(slackMode({ appToken: 'xapp-1' })).toBe('socket');
    expect(slackMode({})).toBe('http');
    expect(slackMode({ appToken: '' })).toBe('http');
  });

  it('builds a Socket Mode app without a signing secret or HTTP server', () => {
    const app = createSlackApp(services, { ...base, appToken: 'xapp-1' });
    expect(app.mode).toBe('socket');
  });

  it('builds an HTTP app when it has a signing secret and the shared server', () => {
    const app = createSlackApp(services, {
      ...base,
      signingSecret: 's3cret',
      http: createHttpServer({ logger: silentLogger }),
    });
    expect(app.mode).toBe('http');
  });

  it('refuses HTTP mode without a signing secret, naming the setting', () => {
    let err: unknown;
    try {
      createSlackApp(services, { ...base, http: createHttpServer({ logger: silentLogger }) });
    } catch (e) {
      err = e;
    }
    expect(isLoadLensError(err, 'CONFIG_INVALID')).toBe(true);
    expect((err as Error).message).toMatch(/SLACK_SIGNING_SECRET/);
  });
});
