/**
 * The outbound Telegram side of LoadLens: the neutral `ChatGateway` over grammY's `Api`,
 * with Telegram's message limits (HTML chunks ≤ 4096, captions ≤ 1024, albums of 2–10),
 * retries of 429/5xx and a per-chat throttle installed as API transformers.
 */
import { Api, GrammyError, InputFile, type Transformer } from 'grammy';
import type { InputMediaPhoto, Message } from 'grammy/types';
import type {
  ChatAddress,
  ChatFile,
  ChatGateway,
  ChatImage,
  MessageRef,
  Msg,
} from '../../chat/chat.types.js';
import type { Logger } from '../../core/logger.js';
import { type AutoRetryOptions, autoRetry } from './auto-retry.js';
import { formatCaption, formatMessage, MESSAGE_LIMIT } from './format-telegram.js';
import { inlineKeyboard } from './keyboard.js';
import { createThrottle, type Throttle, type ThrottleKind } from './throttle.js';

/** Telegram's album size. */
export const ALBUM_LIMIT = 10;

/** Methods that post or change a message in a chat: the ones the throttle spaces out. */
const THROTTLED: ReadonlyMap<string, ThrottleKind> = new Map([
  ['sendMessage', 'send'],
  ['sendPhoto', 'send'],
  ['sendMediaGroup', 'send'],
  ['sendDocument', 'send'],
  ['editMessageText', 'edit'],
]);

/** Options of `createTelegramGateway`. */
export interface TelegramGatewayOptions {
  token: string;
  /** Bot API root without a trailing slash, e.g. https://api.telegram.org. */
  apiRoot: string;
  logger: Logger;
  /** Shared with the bot when both post; a fresh one with Telegram's limits by default. */
  throttle?: Throttle;
  /** Longest `retry_after` honoured before failing with RATE_LIMITED (default 30 s). */
  retryCapSec?: number;
  /** Finer retry settings (tests shorten the backoff). */
  retry?: Omit<AutoRetryOptions, 'retryCapSec' | 'logger'>;
  /** Per-request timeout (default 60 s; uploads of a full album are well below it). */
  timeoutSeconds?: number;
}

/** A transformer that waits for the throttle before each call that posts to a chat. */
export function throttleTransformer(throttle: Throttle): Transformer {
  return async (prev, method, payload, signal) => {
    const chatId = (payload as { chat_id?: string | number }).chat_id;
    // grammY types its signal with a polyfill's AbortSignal; at run time it is the global one.
    const kind = THROTTLED.get(method);
    if (kind && chatId !== undefined) await throttle.acquire(chatId, signal as AbortSignal, kind);
    return prev(method, payload, signal);
  };
}

/** Builds a grammY `Api` with the throttle inside and the retry outside (each retry is throttled). */
export function createTelegramApi(opts: TelegramGatewayOptions): Api {
  const api = new Api(opts.token, {
    apiRoot: opts.apiRoot.replace(/\/+$/, ''),
    timeoutSeconds: opts.timeoutSeconds ?? 60,
  });
  api.config.use(
    throttleTransformer(opts.throttle ?? createThrottle()),
    autoRetry({ ...opts.retry, retryCapSec: opts.retryCapSec, logger: opts.logger }),
  );
  return api;
}

/** True for Telegram's answer to an edit that changes nothing: harmless, not an error. */
export function isNotModified(err: unknown): boolean {
  return err instanceof GrammyError && /message is not modified/i.test(err.description);
}

const threadOf = (a: { threadId?: string }) =>
  a.threadId !== undefined && /^\d+$/.test(a.threadId) ? Number(a.threadId) : undefined;

/** Telegram `reply_parameters` for `replyTo`; a deleted parent must not fail the message. */
const replyOf = (a: ChatAddress) =>
  a.replyTo !== undefined && /^\d+$/.test(a.replyTo)
    ? { message_id: Number(a.replyTo), allow_sending_without_reply: true }
    : undefined;

function refOf(to: ChatAddress, m: Message): MessageRef {
  const ref: MessageRef = {
    platform: 'telegram',
    chatId: String(m.chat.id),
    messageId: String(m.message_id),
  };
  if (to.threadId !== undefined) ref.threadId = to.threadId;
  return ref;
}

/** A file name Telegram shows for a chart: the title, reduced to safe characters. */
function fileName(title: string, i: number): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
  return `${slug || 'chart'}-${i + 1}.png`;
}

/** Creates the Telegram gateway. */
export function createTelegramGateway(opts: TelegramGatewayOptions): ChatGateway {
  const api = createTelegramApi(opts);
  const log = opts.logger.child({ platform: 'telegram' });

  const sendChunks = async (to: ChatAddress, chunks: string[], msg: Msg): Promise<MessageRef[]> => {
    const keyboard = inlineKeyboard(msg.buttons, (b) => log.warn('button left out', { label: b.label }));
    const refs: MessageRef[] = [];
    for (let i = 0; i < chunks.length; i++) {
      const sent = await api.sendMessage(to.chatId, chunks[i] as string, {
        parse_mode: 'HTML',
        message_thread_id: threadOf(to),
        // Only the first part answers the parent; the rest follow it.
        reply_parameters: i === 0 ? replyOf(to) : undefined,
        link_preview_options: { is_disabled: true },
        // Buttons go under the last part, where the reader ends up.
        reply_markup: i === chunks.length - 1 ? keyboard : undefined,
      });
      refs.push(refOf(to, sent));
    }
    return refs;
  };

  return {
    platform: 'telegram',

    send: (to, msg) => sendChunks(to, formatMessage(msg), msg),

    async edit(ref, msg, o) {
      const cut = o?.overflow === 'cut';
      const chunks = formatMessage(msg);
      // Cut: the first part, re-split with room for the ellipsis line; nothing is posted.
      const [first, ...rest] =
        cut && chunks.length > 1 ? [`${formatMessage(msg, MESSAGE_LIMIT - 2)[0]}\n…`] : chunks;
      const keyboard =
        rest.length === 0
          ? inlineKeyboard(msg.buttons, (b) => log.warn('button left out', { label: b.label }))
          : undefined;
      try {
        await api.editMessageText(ref.chatId, Number(ref.messageId), first as string, {
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
          reply_markup: keyboard,
        });
      } catch (err) {
        if (!isNotModified(err)) throw err;
      }
      // An edit cannot grow past one message: the overflow follows as new messages.
      if (rest.length > 0) await sendChunks({ ...ref, replyTo: undefined }, rest, msg);
    },

    async sendImages(to, images, caption) {
      const refs: MessageRef[] = [];
      const text = caption === undefined ? undefined : formatCaption(caption);
      for (let start = 0; start < images.length; start += ALBUM_LIMIT) {
        const part: ChatImage[] = images.slice(start, start + ALBUM_LIMIT);
        const cap = start === 0 ? text : undefined;
        if (part.length === 1) {
          const img = part[0] as ChatImage;
          const sent = await api.sendPhoto(to.chatId, new InputFile(img.png, fileName(img.title, start)), {
            caption: cap,
            message_thread_id: threadOf(to),
            reply_parameters: start === 0 ? replyOf(to) : undefined,
          });
          refs.push(refOf(to, sent));
          continue;
        }
        const media: InputMediaPhoto[] = part.map((img, i) => ({
          type: 'photo',
          media: new InputFile(img.png, fileName(img.title, start + i)),
          caption: i === 0 ? cap : undefined,
        }));
        const sent = await api.sendMediaGroup(to.chatId, media, {
          message_thread_id: threadOf(to),
          reply_parameters: start === 0 ? replyOf(to) : undefined,
        });
        refs.push(...sent.map((m) => refOf(to, m)));
      }
      return refs;
    },

    async sendFile(to, file: ChatFile, caption) {
      const sent = await api.sendDocument(to.chatId, new InputFile(file.bytes, file.name), {
        caption: caption === undefined ? undefined : formatCaption(caption),
        message_thread_id: threadOf(to),
        reply_parameters: replyOf(to),
      });
      return refOf(to, sent);
    },
  };
}
