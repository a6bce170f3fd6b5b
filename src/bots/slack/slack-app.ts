import { App, HTTPReceiver, type webApi } from '@slack/bolt';
import type { ChatAddress } from '../../chat/chat.types.js';
import { handleButton } from '../../chat/handle-button.js';
import { handleCommand } from '../../chat/handle-command.js';
import type { ChatServices } from '../../chat/services.js';
import { LoadLensError } from '../../core/errors.js';
import type { HttpServer } from '../../web/http-server.js';
import { checkSlackTimestamp, replayKey } from './request-window.js';
import { ACTION_PREFIX, parseActionId } from './slack-actions.js';
import { DEFAULT_SLACK_RETRY } from './slack-gateway.js';
import { toSlackLogger } from './slack-logger.js';
import { parseSlashCommand } from './slash-command.js';
import { createLocaleCache, type LocaleOf } from './user-locale.js';

/** Where Slack sends slash commands and interactions in HTTP mode. */
export const SLACK_EVENTS_PATH = '/slack/events';

/** How Slack reaches the app. */
export type SlackMode = 'socket' | 'http';

/** Socket Mode when an app-level token is set (no public URL needed); HTTP otherwise. */
export function slackMode(opts: { appToken?: string }): SlackMode {
  return opts.appToken ? 'socket' : 'http';
}

/** Options of the Slack app. */
export interface SlackAppOptions {
  /** Bot token (`xoxb-…`). */
  token: string;
  /** Verifies HTTP requests; required in HTTP mode. */
  signingSecret?: string;
  /** App-level token (`xapp-…`): selects Socket Mode. */
  appToken?: string;
  /** Web API root (SLACK_API_URL). */
  apiUrl: string;
  /** The shared HTTP server; required in HTTP mode. */
  http?: HttpServer;
  retryConfig?: webApi.RetryOptions;
  /** How long background work may still run at `stop()` (default 10 s). */
  stopTimeoutMs?: number;
}

/** A running Slack front end. */
export interface SlackApp {
  readonly mode: SlackMode;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when every command and button press handed off so far has finished. */
  idle(): Promise<void>;
}

/**
 * The Slack front end on Bolt. Its handlers only translate: every slash command and button
 * press is acknowledged at once (Slack's 3-second limit) and then handed, without being
 * awaited by the ack path, to the chat core's `handleCommand`/`handleButton`. Replies go
 * out through the Slack gateway of the services. HTTP mode mounts Bolt's receiver, which
 * verifies the signature, on the shared server, behind a check of the request timestamp
 * against the 5-minute window both ways (Bolt's own check looks only into the past).
 */
export function createSlackApp(services: ChatServices, opts: SlackAppOptions): SlackApp {
  const mode = slackMode(opts);
  const log = services.logger.child({ platform: 'slack' });
  if (mode === 'http' && !opts.signingSecret) {
    throw new LoadLensError(
      'CONFIG_INVALID',
      'SLACK_SIGNING_SECRET: required for Slack HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)',
    );
  }
  if (mode === 'http' && !opts.http) {
    throw new LoadLensError('CONFIG_INVALID', 'Slack HTTP mode needs the shared HTTP server');
  }
  const logger = toSlackLogger(services.logger, 'slack-bolt');
  const receiver =
    mode === 'http'
      ? new HTTPReceiver({
          signingSecret: opts.signingSecret as string,
          endpoints: SLACK_EVENTS_PATH,
          logger,
        })
      : undefined;
  const app = new App({
    token: opts.token,
    logger,
    // Tokens are checked (auth.test) in start(), where a failure can be reported.
    deferInitialization: true,
    convoStore: false,
    clientOptions: { slackApiUrl: opts.apiUrl, retryConfig: opts.retryConfig ?? DEFAULT_SLACK_RETRY },
    ...(mode === 'socket' ? { socketMode: true, appToken: opts.appToken } : { receiver }),
  });

  const localeOf: LocaleOf = createLocaleCache({
    lookup: async (user) => {
      const res = await app.client.users.info({ user, include_locale: true });
      return res.user?.locale;
    },
  });

  const inflight = new Set<Promise<void>>();
  /** Runs work after the ack; the core never throws, this catch is the last guard. */
  const background = (what: string, work: () => Promise<void>) => {
    const p = work()
      .catch((err: unknown) => log.error('slack handler failed', { what, err }))
      .finally(() => inflight.delete(p));
    inflight.add(p);
  };

  /**
   * Claims a request in the store before anything is posted: of two identical requests (a
   * replay, or Slack's retry) only the first goes on, even in another process. When the
   * store cannot answer, the command goes on: a rare duplicate beats a lost command.
   */
  const firstTime = async (key: string): Promise<boolean> => {
    try {
      if (await services.store.seenRequests.claim(key)) return true;
      log.warn('replayed slack request dropped', { key: key.slice(0, 24) });
      return false;
    } catch (err) {
      log.warn('replay guard unavailable; handling the request', { err });
      return true;
    }
  };

  app.command(/^\/.+/, async ({ command, ack }) => {
    await ack();
    const { name, args } = parseSlashCommand(command.command, command.text);
    const threadTs = typeof command.thread_ts === 'string' ? command.thread_ts : undefined;
    const address: ChatAddress = {
      platform: 'slack',
      chatId: command.channel_id,
      ...(threadTs ? { threadId: threadTs } : {}),
    };
    background(`/${name}`, async () => {
      if (!(await firstTime(replayKey(command)))) return;
      await handleCommand(services, {
        name,
        args,
        address,
        user: { id: command.user_id, name: command.user_name, languageCode: await localeOf(command.user_id) },
        updateId: command.trigger_id,
      });
    });
  });

  app.action(new RegExp(`^${ACTION_PREFIX}`), async ({ action, body, ack }) => {
    await ack();
    // URL buttons also report a press; the browser does the work, so only the ack is due.
    if (body.type !== 'block_actions' || action.type !== 'button' || !('action_id' in action)) return;
    const kind = parseActionId(action.action_id);
    const channel = body.channel?.id ?? (body.container.channel_id as string | undefined);
    if (!kind || !action.value || !channel) return;
    const threadTs =
      (body.message?.thread_ts as string | undefined) ?? (body.container.thread_ts as string | undefined);
    const runId = action.value;
    const user = body.user;
    background(kind, async () => {
      if (!(await firstTime(replayKey(body)))) return;
      await handleButton(services, {
        action: kind,
        runId,
        address: { platform: 'slack', chatId: channel, ...(threadTs ? { threadId: threadTs } : {}) },
        user: { id: user.id, name: user.username ?? user.name, languageCode: await localeOf(user.id) },
        updateId: body.trigger_id,
      });
    });
  });

  app.error(async (err) => {
    log.error('slack app error', { err });
  });

  let started = false;
  let stopped = false;
  const idle = async () => {
    while (inflight.size > 0) await Promise.allSettled([...inflight]);
  };

  return {
    mode,
    idle,
    async start() {
      if (started) return;
      try {
        await app.init();
      } catch (cause) {
        throw new LoadLensError(
          'CONFIG_INVALID',
          'SLACK_BOT_TOKEN: Slack rejected the token or is unreachable',
          {
            cause,
          },
        );
      }
      started = true;
      if (mode === 'socket') {
        await app.start();
      } else if (receiver && opts.http) {
        const listener = receiver.requestListener;
        opts.http.add({
          method: 'POST',
          path: SLACK_EVENTS_PATH,
          handler: ({ req, res }) => {
            if (stopped) {
              res.writeHead(503).end();
              return;
            }
            const refused = checkSlackTimestamp(req.headers, services.clock.now());
            if (refused) {
              log.warn('slack request refused', { reason: refused });
              throw new LoadLensError('UNAUTHORIZED', 'the request timestamp is outside the 5-minute window');
            }
            listener(req, res);
          },
        });
      }
      log.info('slack front end started', { mode });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (mode === 'socket' && started)
        await app.stop().catch((err: unknown) => log.warn('slack stop', { err }));
      const limit = opts.stopTimeoutMs ?? 10_000;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        idle(),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, limit);
        }),
      ]);
      clearTimeout(timer);
    },
  };
}
