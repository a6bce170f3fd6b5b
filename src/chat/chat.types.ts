/**
 * Transport-neutral chat types. The command layer and the jobs speak only these; the
 * Telegram and Slack adapters translate them to and from their platforms.
 */

export type Platform = 'telegram' | 'slack';

/** Where a message goes: a chat, and within it a forum topic (Telegram) or thread (Slack). */
export interface ChatAddress {
  platform: Platform;
  chatId: string;
  /** Telegram `message_thread_id` or Slack `thread_ts`. */
  threadId?: string;
  /**
   * The message this one answers (Telegram `reply_parameters.message_id`). Slack has no
   * replies outside threads: senders put the parent's `ts` in `threadId` there.
   */
  replyTo?: string;
}

/** Who sent a command. */
export interface ChatUser {
  id: string;
  name?: string;
  /** Telegram `language_code` or Slack locale, e.g. `ru`, `en-US`. */
  languageCode?: string;
}

/** A posted message, so it can be edited or replied to later. */
export interface MessageRef {
  platform: Platform;
  chatId: string;
  /** Telegram `message_id` or Slack `ts`. */
  messageId: string;
  threadId?: string;
}

/** Settings key of a chat, `telegram:<id>` or `slack:<id>`. */
export function chatKey(a: Pick<ChatAddress, 'platform' | 'chatId'>): string {
  return `${a.platform}:${a.chatId}`;
}

/**
 * A block of a message. Text is plain (adapters escape it); `header` is bold, `pre` is
 * monospace (tables), `fields` are label/value pairs.
 */
export type MsgBlock =
  | { kind: 'header'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'pre'; text: string }
  | { kind: 'fields'; items: Array<[string, string]> }
  | { kind: 'link'; text: string; url: string };

/** Actions a button can trigger; adapters turn a press back into a command call. */
export type ButtonAction = 'compare_baseline' | 'set_baseline' | 'pdf' | 'regenerate' | 'report_service';

export type MsgButton =
  | { kind: 'action'; label: string; action: ButtonAction; runId: string }
  | { kind: 'url'; label: string; url: string };

/** A neutral message. Adapters split it to the platform's limits at block boundaries. */
export interface Msg {
  blocks: MsgBlock[];
  /** Rows of buttons. */
  buttons?: MsgButton[][];
}

/** An image for an album. */
export interface ChatImage {
  png: Buffer;
  title: string;
}

/** A file sent as a document (PDF export). */
export interface ChatFile {
  name: string;
  bytes: Buffer;
  mime: string;
}

/**
 * Exactly-once delivery of a job's post (issue 16). `key` names the delivery (run, chat,
 * step) on the platform where it can carry one; with `resume`, a gateway that can find what
 * an interrupted call with the same key already posted (`canResume`) returns those messages
 * and posts only what is missing.
 */
export interface DeliveryOptions {
  key: string;
  resume?: boolean;
}

/** How an edit treats content longer than one message. */
export interface EditOptions {
  /**
   * `send` (default): the overflow follows as new messages. `cut`: the edit stays one
   * message, cut with an ellipsis, buttons kept — for an edit that must stay idempotent
   * (a retried edit never posts anything).
   */
  overflow?: 'send' | 'cut';
}

/**
 * Outbound side of one platform, used by commands and jobs alike. Implementations honour
 * the platform's limits (splitting long messages, album sizes) and rate limits (retrying
 * 429 with the server's `retry_after`, throttling per chat).
 */
export interface ChatGateway {
  readonly platform: Platform;
  /** Sends a message; long ones become several. Returns the refs in order. */
  send(to: ChatAddress, msg: Msg, delivery?: DeliveryOptions): Promise<MessageRef[]>;
  /** Replaces a message's content (progress updates, late narratives). */
  edit(ref: MessageRef, msg: Msg, o?: EditOptions): Promise<void>;
  /** Sends 1–10 images as an album, the first captioned. */
  sendImages(
    to: ChatAddress,
    images: ChatImage[],
    caption?: string,
    delivery?: DeliveryOptions,
  ): Promise<MessageRef[]>;
  /**
   * True when `send`/`sendImages` honour `delivery.resume`: the platform lets the bot read
   * back what it posted (Slack: message metadata and `conversations.history`). Telegram
   * cannot, so an interrupted post there is either a placeholder edited later or not resent.
   */
  readonly canResume?: boolean;
  sendFile(to: ChatAddress, file: ChatFile, caption?: string): Promise<MessageRef>;
}

/** Plain text of a message, for logs and tests. */
export function msgText(msg: Msg): string {
  return msg.blocks
    .map((b) => {
      switch (b.kind) {
        case 'fields':
          return b.items.map(([k, v]) => `${k}: ${v}`).join('\n');
        case 'link':
          return `${b.text} ${b.url}`;
        default:
          return b.text;
      }
    })
    .join('\n\n');
}
