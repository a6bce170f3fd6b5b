/**
 * The Bot API methods the fake implements, with Telegram's validation and error wording:
 * message limits, HTML parse mode, album sizes, callback-data size, "not modified" edits.
 */
import type { InlineKeyboardMarkup, Message } from 'grammy/types';
import { parseTelegramHtml, type UploadedFile } from './parse-request.js';
import { chatOf } from './updates.js';

export const BOT_ID = 7_000_000_001;
export const BOT_USERNAME = 'loadlens_bot';

/** A message the bot posted, as it stands now (edits applied). */
export interface StoredMessage {
  chatId: string;
  messageId: number;
  threadId?: number;
  kind: 'text' | 'photo' | 'document';
  /** `reply_parameters.message_id`: the message this one answers. */
  replyTo?: number;
  text?: string;
  /** Text as Telegram shows it (tags stripped, entities decoded). */
  visible?: string;
  parseMode?: string;
  caption?: string;
  replyMarkup?: InlineKeyboardMarkup;
  mediaGroupId?: string;
  file?: Omit<UploadedFile, 'bytes'>;
  /** Earlier texts, oldest first (one per successful edit). */
  history: string[];
  postedAt: number;
}

/** What a method answers: a result or a Telegram error. */
export type MethodAnswer =
  | { result: unknown }
  | { error: { code: number; description: string; parameters?: Record<string, unknown> } };

export class ApiFailure extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
  ) {
    super(description);
  }
}

const bad = (description: string) => new ApiFailure(400, `Bad Request: ${description}`);

/** The fake's mutable state. */
export class FakeState {
  readonly messages = new Map<string, StoredMessage>();
  readonly callbackAnswers: Array<{ id: string; text?: string }> = [];
  webhook: { url: string; secret?: string } | null = null;
  private readonly nextId = new Map<string, number>();
  private nextGroup = 1;

  key(chatId: string, messageId: number): string {
    return `${chatId}:${messageId}`;
  }

  newMessageId(chatId: string): number {
    const id = (this.nextId.get(chatId) ?? 100) + 1;
    this.nextId.set(chatId, id);
    return id;
  }

  newMediaGroupId(): string {
    return String(13_000_000_000_000 + this.nextGroup++);
  }
}

function chatIdOf(p: Record<string, unknown>): string {
  const v = p.chat_id;
  if (v === undefined || v === null || v === '') throw bad('chat_id is empty');
  if (!/^-?\d+$/.test(String(v))) throw bad('chat not found');
  return String(Number(v));
}

function threadOf(p: Record<string, unknown>): number | undefined {
  return p.message_thread_id === undefined ? undefined : Number(p.message_thread_id);
}

/** The replied-to message id; Telegram refuses a missing parent unless told to go on without it. */
function replyOf(s: FakeState, chatId: string, p: Record<string, unknown>): number | undefined {
  const r = p.reply_parameters as { message_id?: number; allow_sending_without_reply?: boolean } | undefined;
  if (r?.message_id === undefined) return undefined;
  const id = Number(r.message_id);
  if (!s.messages.has(s.key(chatId, id)) && !r.allow_sending_without_reply)
    throw bad('message to be replied not found');
  return id;
}

function checkKeyboard(markup: unknown): InlineKeyboardMarkup | undefined {
  if (markup === undefined) return undefined;
  const m = markup as InlineKeyboardMarkup;
  for (const row of m.inline_keyboard ?? []) {
    for (const b of row) {
      const data = (b as { callback_data?: string }).callback_data;
      if (data !== undefined && (data === '' || Buffer.byteLength(data, 'utf8') > 64)) {
        throw bad('BUTTON_DATA_INVALID');
      }
      const url = (b as { url?: string }).url;
      if (url !== undefined && !/^(https?|tg):\/\//.test(url)) throw bad('BUTTON_URL_INVALID');
    }
  }
  return m;
}

/** Validates text against the parse mode and the 4096 limit; returns the visible text. */
function checkText(text: unknown, parseMode: unknown): string {
  if (typeof text !== 'string' || text.trim() === '') throw bad('message text is empty');
  let visible = text;
  if (parseMode === 'HTML') {
    try {
      visible = parseTelegramHtml(text);
    } catch (err) {
      throw bad((err as Error).message);
    }
  }
  if (visible.length > 4096) throw bad('message is too long');
  return visible;
}

function checkCaption(caption: unknown): string | undefined {
  if (caption === undefined) return undefined;
  const c = String(caption);
  if (c.length > 1024) throw bad('message caption is too long');
  return c;
}

/** The Telegram `Message` object of a stored message. */
export function toMessage(m: StoredMessage): Message {
  const base = {
    message_id: m.messageId,
    date: Math.floor(m.postedAt / 1000),
    chat: chatOf(m.chatId, m.threadId !== undefined),
    from: { id: BOT_ID, is_bot: true, first_name: 'LoadLens', username: BOT_USERNAME },
    ...(m.threadId !== undefined ? { message_thread_id: m.threadId, is_topic_message: true } : {}),
    ...(m.replyMarkup ? { reply_markup: m.replyMarkup } : {}),
    ...(m.replyTo !== undefined ? { reply_to_message: { message_id: m.replyTo } } : {}),
    ...(m.mediaGroupId ? { media_group_id: m.mediaGroupId } : {}),
    ...(m.caption !== undefined ? { caption: m.caption } : {}),
  };
  if (m.kind === 'text') return { ...base, text: m.visible ?? m.text ?? '' } as Message;
  if (m.kind === 'photo') {
    const size = m.file?.size ?? 0;
    return {
      ...base,
      photo: [
        {
          file_id: `photo-${m.chatId}-${m.messageId}`,
          file_unique_id: `u${m.messageId}`,
          width: 1200,
          height: 600,
          file_size: size,
        },
      ],
    } as Message;
  }
  return {
    ...base,
    document: {
      file_id: `doc-${m.chatId}-${m.messageId}`,
      file_unique_id: `d${m.messageId}`,
      file_name: m.file?.filename,
      file_size: m.file?.size,
    },
  } as Message;
}

type Handler = (state: FakeState, p: Record<string, unknown>, files: Record<string, UploadedFile>) => unknown;

function fileFor(ref: unknown, files: Record<string, UploadedFile>, what: string): UploadedFile {
  const s = String(ref ?? '');
  const id = s.startsWith('attach://') ? s.slice('attach://'.length) : undefined;
  const file = id === undefined ? Object.values(files).find((f) => f.field === what) : files[id];
  if (!file) throw bad(`there is no ${what} in the request`);
  if (file.size === 0) throw bad('file must be non-empty');
  return file;
}

function post(state: FakeState, m: Omit<StoredMessage, 'messageId' | 'history' | 'postedAt'>): StoredMessage {
  const stored: StoredMessage = {
    ...m,
    messageId: state.newMessageId(m.chatId),
    history: [],
    postedAt: Date.now(),
  };
  state.messages.set(state.key(stored.chatId, stored.messageId), stored);
  return stored;
}

const meta = (f: UploadedFile): Omit<UploadedFile, 'bytes'> => ({
  field: f.field,
  filename: f.filename,
  size: f.size,
  png: f.png,
});

/** Every implemented method by name. */
export const METHODS: Record<string, Handler> = {
  getMe: () => ({
    id: BOT_ID,
    is_bot: true,
    first_name: 'LoadLens',
    username: BOT_USERNAME,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
  }),
  setWebhook: (s, p) => {
    if (typeof p.url !== 'string' || !/^https?:\/\//.test(p.url)) throw bad('bad webhook: invalid URL');
    s.webhook = { url: p.url, secret: typeof p.secret_token === 'string' ? p.secret_token : undefined };
    return true;
  },
  deleteWebhook: (s) => {
    s.webhook = null;
    return true;
  },
  getWebhookInfo: (s) => ({
    url: s.webhook?.url ?? '',
    has_custom_certificate: false,
    pending_update_count: 0,
  }),
  setMyCommands: () => true,
  sendMessage: (s, p) => {
    const chatId = chatIdOf(p);
    const visible = checkText(p.text, p.parse_mode);
    const m = post(s, {
      chatId,
      threadId: threadOf(p),
      replyTo: replyOf(s, chatId, p),
      kind: 'text',
      text: String(p.text),
      visible,
      parseMode: p.parse_mode as string | undefined,
      replyMarkup: checkKeyboard(p.reply_markup),
    });
    return toMessage(m);
  },
  editMessageText: (s, p) => {
    const chatId = chatIdOf(p);
    const m = s.messages.get(s.key(chatId, Number(p.message_id)));
    if (m?.kind !== 'text') throw bad('message to edit not found');
    const visible = checkText(p.text, p.parse_mode);
    const markup = checkKeyboard(p.reply_markup);
    if (m.text === p.text && JSON.stringify(m.replyMarkup) === JSON.stringify(markup)) {
      throw bad(
        'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
      );
    }
    m.history.push(m.text ?? '');
    m.text = String(p.text);
    m.visible = visible;
    m.parseMode = p.parse_mode as string | undefined;
    m.replyMarkup = markup;
    return toMessage(m);
  },
  sendPhoto: (s, p, files) => {
    const chatId = chatIdOf(p);
    const caption = checkCaption(p.caption);
    const file = fileFor(p.photo, files, 'photo');
    return toMessage(
      post(s, {
        chatId,
        threadId: threadOf(p),
        replyTo: replyOf(s, chatId, p),
        kind: 'photo',
        caption,
        file: meta(file),
      }),
    );
  },
  sendDocument: (s, p, files) => {
    const chatId = chatIdOf(p);
    const caption = checkCaption(p.caption);
    const file = fileFor(p.document, files, 'document');
    return toMessage(
      post(s, {
        chatId,
        threadId: threadOf(p),
        replyTo: replyOf(s, chatId, p),
        kind: 'document',
        caption,
        file: meta(file),
      }),
    );
  },
  sendMediaGroup: (s, p, files) => {
    const chatId = chatIdOf(p);
    const media = p.media;
    if (!Array.isArray(media) || media.length < 2 || media.length > 10) {
      throw bad('wrong number of media: must include 2-10 items');
    }
    const group = s.newMediaGroupId();
    const replyTo = replyOf(s, chatId, p);
    const items = media.map((item: { type?: string; media?: unknown; caption?: unknown }) => {
      if (item.type !== 'photo') throw bad(`unsupported media type "${item.type}"`);
      return { caption: checkCaption(item.caption), file: fileFor(item.media, files, 'photo') };
    });
    return items.map((it) =>
      toMessage(
        post(s, {
          chatId,
          threadId: threadOf(p),
          replyTo,
          kind: 'photo',
          caption: it.caption,
          file: meta(it.file),
          mediaGroupId: group,
        }),
      ),
    );
  },
  answerCallbackQuery: (s, p) => {
    if (typeof p.callback_query_id !== 'string' || p.callback_query_id === '') {
      throw bad('query is too old and response timeout expired or query ID is invalid');
    }
    s.callbackAnswers.push({ id: p.callback_query_id, text: p.text as string | undefined });
    return true;
  },
};
