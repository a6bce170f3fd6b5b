/**
 * The inbound Telegram side: a grammY `Bot` whose handlers only translate updates into
 * neutral command calls and button presses. Long polling by default; webhook mode on the
 * shared HTTP server when TELEGRAM_WEBHOOK_URL is set. Handlers run in per-chat lanes, so
 * the polling loop never waits for one chat's command before reading the next update.
 */
import { Bot } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { chatKey } from '../../chat/chat.types.js';
import { handleButton } from '../../chat/handle-button.js';
import { handleCommand } from '../../chat/handle-command.js';
import type { ChatServices } from '../../chat/services.js';
import { LoadLensError } from '../../core/errors.js';
import type { HttpServer } from '../../web/http-server.js';
import { autoRetry } from './auto-retry.js';
import { createChatLanes } from './chat-lanes.js';
import { decodeCallbackData } from './keyboard.js';
import { addressOf, parseCommandText, userOf } from './parse-update.js';
import { webhookRoutes, webhookSecretFor } from './webhook-route.js';

/** The update kinds LoadLens reads; everything else is not even delivered. */
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/** Options of `createTelegramBot`. */
export interface TelegramBotOptions {
  token: string;
  apiRoot: string;
  /** Webhook mode when set; needs `http`. */
  webhookUrl?: string;
  /** The `secret_token`; derived from the bot token when unset. */
  webhookSecret?: string;
  /** The shared HTTP server that receives webhook calls. */
  http?: HttpServer;
  /** Skips getMe at start (tests, or a known bot). */
  botInfo?: UserFromGetMe;
  /** Long-poll timeout of getUpdates in seconds (default 30). */
  pollTimeoutSec?: number;
  /** Longest `retry_after` honoured for the bot's own calls (default 30 s). */
  retryCapSec?: number;
  /** Bound of the wait for running handlers at stop (default 10 s). */
  stopTimeoutMs?: number;
}

/** A running (or startable) Telegram bot. */
export interface TelegramBot {
  /** Long polling (resolves once polling runs) or webhook registration. */
  start(): Promise<void>;
  /** Stops polling and waits (bounded) for handlers in flight. */
  stop(): Promise<void>;
  /** Handles one update and waits until its handler finished (tests, custom transports). */
  handleUpdate(update: Update): Promise<void>;
}

/** Creates the bot; nothing talks to Telegram before `start()` or `handleUpdate()`. */
export function createTelegramBot(services: ChatServices, opts: TelegramBotOptions): TelegramBot {
  const log = services.logger.child({ platform: 'telegram' });
  const bot = new Bot(opts.token, {
    client: { apiRoot: opts.apiRoot.replace(/\/+$/, ''), timeoutSeconds: 60 },
    ...(opts.botInfo ? { botInfo: opts.botInfo } : {}),
  });
  bot.api.config.use(autoRetry({ retryCapSec: opts.retryCapSec, logger: log }));
  const lanes = createChatLanes(log);
  /** The lane task of each update in flight, so `handleUpdate` can wait for it. */
  const tasks = new Map<number, Promise<void>>();
  let polling: Promise<void> | undefined;
  let started = false;

  const dispatch = (updateId: number, key: string, task: () => Promise<void>) => {
    const done = lanes.run(key, task);
    tasks.set(updateId, done);
    void done.then(() => tasks.delete(updateId));
  };

  bot.on('message:text', (ctx) => {
    const cmd = parseCommandText(ctx.message.text, ctx.me.username);
    if (!cmd) return;
    const address = addressOf(ctx.message);
    const call = {
      ...cmd,
      address,
      user: userOf(ctx.from),
      updateId: String(ctx.update.update_id),
    };
    dispatch(ctx.update.update_id, chatKey(address), () => handleCommand(services, call));
  });

  bot.on('callback_query:data', (ctx) => {
    const q = ctx.callbackQuery;
    // Answered at once, whatever follows: the client shows a spinner until then.
    const answered = ctx.answerCallbackQuery().catch((err: unknown) => {
      log.warn('answerCallbackQuery failed', { err });
    });
    const press = decodeCallbackData(q.data);
    const message = q.message;
    if (!press || !message) {
      log.info('callback data not understood', { data: q.data });
      void answered;
      return;
    }
    const address = addressOf(message as Parameters<typeof addressOf>[0]);
    dispatch(ctx.update.update_id, chatKey(address), async () => {
      await answered;
      await handleButton(services, {
        ...press,
        address,
        user: userOf(q.from),
        updateId: String(ctx.update.update_id),
      });
    });
  });

  bot.catch((err) => {
    log.error('telegram middleware failed', { err: err.error, updateId: err.ctx.update.update_id });
  });

  const startWebhook = async (webhookUrl: string) => {
    if (!opts.http) {
      throw new LoadLensError('CONFIG_INVALID', 'TELEGRAM_WEBHOOK_URL is set but no HTTP server was given', {
        retryable: false,
      });
    }
    await bot.init();
    const secret = webhookSecretFor(opts.token, opts.webhookSecret);
    opts.http.add(
      ...webhookRoutes({
        webhookUrl,
        secret,
        // Only dispatches: the answer goes back to Telegram before the command has run.
        onUpdate: (update) => bot.handleUpdate(update),
      }),
    );
    await bot.api.setWebhook(webhookUrl, {
      secret_token: secret,
      allowed_updates: [...ALLOWED_UPDATES],
      drop_pending_updates: false,
    });
    log.info('telegram webhook set', { url: webhookUrl });
  };

  const startPolling = () =>
    new Promise<void>((resolve, reject) => {
      polling = bot.start({
        drop_pending_updates: false,
        allowed_updates: [...ALLOWED_UPDATES],
        timeout: opts.pollTimeoutSec ?? 30,
        onStart: (me) => {
          log.info('telegram long polling started', { bot: me.username });
          resolve();
        },
      });
      polling.catch((err: unknown) => {
        // Fatal for polling only (revoked token, another instance polling): logged, never thrown.
        log.error('telegram polling stopped', { err });
        reject(err);
      });
    });

  return {
    async start() {
      if (started) return;
      started = true;
      if (opts.webhookUrl) await startWebhook(opts.webhookUrl);
      else await startPolling();
    },
    async stop() {
      if (bot.isRunning()) await bot.stop();
      await polling?.catch(() => undefined);
      if (!(await lanes.drain(opts.stopTimeoutMs ?? 10_000))) {
        log.warn('telegram handlers still running at stop', { inFlight: lanes.size });
      }
    },
    async handleUpdate(update) {
      if (!bot.isInited()) await bot.init();
      await bot.handleUpdate(update);
      await tasks.get(update.update_id);
    },
  };
}
