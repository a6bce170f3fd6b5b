import { webApi } from '@slack/bolt';
import type {
  ChatAddress,
  ChatFile,
  ChatGateway,
  ChatImage,
  DeliveryOptions,
  MessageRef,
  Msg,
} from '../../chat/chat.types.js';
import type { Logger } from '../../core/logger.js';
import { type ChannelThrottle, createChannelThrottle, type ThrottleOptions } from './channel-throttle.js';
import { formatSlackEdit, formatSlackMessages } from './format-slack.js';
import { deliveryMetadata, keyedName, postedFiles, postedParts } from './slack-delivered.js';
import { toSlackError } from './slack-errors.js';
import { toSlackLogger } from './slack-logger.js';

/** Files per `files.uploadV2` call: one message shows at most this many. */
const FILES_PER_MESSAGE = 10;

/**
 * Retries of the Web API client: 429s wait for `Retry-After` and count as one try; 5xx
 * and network errors back off from half a second. A few tries, then the job's own retry
 * (minutes later) takes over.
 */
export const DEFAULT_SLACK_RETRY: webApi.RetryOptions = {
  retries: 4,
  factor: 2,
  minTimeout: 500,
  maxTimeout: 10_000,
  randomize: true,
};

/** Options of the Slack gateway. */
export interface SlackGatewayOptions {
  token: string;
  /** Web API root, e.g. https://slack.com/api/ (tests: the fake). */
  apiUrl: string;
  logger: Logger;
  retryConfig?: webApi.RetryOptions;
  /** Bound of one HTTP call. */
  timeoutMs?: number;
  /** Per-channel pacing of posts (Slack: ~1 message per second per channel). */
  throttle?: ThrottleOptions;
  fetch?: webApi.FetchFunction;
}

/** A Web API client configured the way every LoadLens Slack call wants it. */
export function createSlackClient(opts: SlackGatewayOptions): webApi.WebClient {
  return new webApi.WebClient(opts.token, {
    slackApiUrl: opts.apiUrl,
    retryConfig: opts.retryConfig ?? DEFAULT_SLACK_RETRY,
    // Keep false: the client then waits out a 429's Retry-After and tries again.
    rejectRateLimitedCalls: false,
    timeout: opts.timeoutMs ?? 30_000,
    logger: toSlackLogger(opts.logger, 'slack-web-api'),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
}

function pngName(title: string, i: number): string {
  const slug = title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${String(i + 1).padStart(2, '0')}-${slug || 'chart'}.png`;
}

/** Refs of the files of one upload: the message `ts` when Slack reports the share, else the file id. */
function fileRefs(to: ChatAddress, result: unknown): MessageRef[] {
  const completions = (result as { files?: Array<{ files?: SlackFile[] }> }).files ?? [];
  const files = completions.flatMap((c) => c.files ?? []);
  return files.map((f) => {
    const shares = { ...(f.shares?.public ?? {}), ...(f.shares?.private ?? {}) };
    const ts = shares[to.chatId]?.[0]?.ts;
    return {
      platform: 'slack',
      chatId: to.chatId,
      messageId: ts ?? f.id ?? '',
      ...(to.threadId ? { threadId: to.threadId } : {}),
    };
  });
}

interface SlackFile {
  id?: string;
  shares?: {
    public?: Record<string, Array<{ ts?: string }>>;
    private?: Record<string, Array<{ ts?: string }>>;
  };
}

/**
 * The Slack side of the chat core, over the official Web API client. Messages become Block
 * Kit (split to Slack's limits), replies stay in the thread of the command, charts go up
 * with `files.uploadV2` into that thread. `MessageRef.messageId` is the message `ts`.
 */
export function createSlackGateway(opts: SlackGatewayOptions): ChatGateway {
  const client = createSlackClient(opts);
  const throttle: ChannelThrottle = createChannelThrottle(opts.throttle);
  const log = opts.logger.child({ platform: 'slack' });

  const call = async <T>(method: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      const e = toSlackError(err, method);
      log.warn('slack call failed', { method, code: e.code, slack: e.details.slack });
      throw e;
    }
  };

  const upload = async (
    to: ChatAddress,
    files: Array<{ file: Buffer; filename: string; title: string }>,
    caption?: string,
  ): Promise<MessageRef[]> => {
    await throttle(to.chatId);
    const result = await call('files.uploadV2', () =>
      client.filesUploadV2({
        channel_id: to.chatId,
        ...(to.threadId ? { thread_ts: to.threadId } : {}),
        ...(caption ? { initial_comment: caption } : {}),
        file_uploads: files,
      }),
    );
    return fileRefs(to, result);
  };

  const thread = (to: ChatAddress) => (to.threadId ? { threadId: to.threadId } : {});

  return {
    platform: 'slack',
    canResume: true,

    async send(to: ChatAddress, msg: Msg, delivery?: DeliveryOptions): Promise<MessageRef[]> {
      const refs: MessageRef[] = [];
      // A retry of an interrupted delivery: the parts already in the chat are not posted again.
      const posted = delivery?.resume
        ? await call('conversations.history', () => postedParts(client, to, delivery.key))
        : new Map<number, string>();
      for (const [i, part] of formatSlackMessages(msg).entries()) {
        const ts = posted.get(i);
        if (ts) {
          refs.push({ platform: 'slack', chatId: to.chatId, messageId: ts, ...thread(to) });
          continue;
        }
        await throttle(to.chatId);
        const res = await call('chat.postMessage', () =>
          client.chat.postMessage({
            channel: to.chatId,
            text: part.text,
            blocks: part.blocks,
            unfurl_links: false,
            unfurl_media: false,
            ...(to.threadId ? { thread_ts: to.threadId } : {}),
            ...(delivery ? { metadata: deliveryMetadata(delivery.key, i) } : {}),
          }),
        );
        refs.push({
          platform: 'slack',
          // Slack answers with the channel id even when a user id or name was given.
          chatId: res.channel ?? to.chatId,
          messageId: String(res.ts),
          ...(to.threadId ? { threadId: to.threadId } : {}),
        });
      }
      return refs;
    },

    async edit(ref: MessageRef, msg: Msg): Promise<void> {
      const part = formatSlackEdit(msg);
      await call('chat.update', () =>
        client.chat.update({ channel: ref.chatId, ts: ref.messageId, text: part.text, blocks: part.blocks }),
      );
    },

    async sendImages(
      to: ChatAddress,
      images: ChatImage[],
      caption?: string,
      delivery?: DeliveryOptions,
    ): Promise<MessageRef[]> {
      const refs: MessageRef[] = [];
      const posted = delivery?.resume
        ? await call('conversations.history', () => postedFiles(client, to, delivery.key))
        : new Map<string, string>();
      for (let i = 0; i < images.length; i += FILES_PER_MESSAGE) {
        const batch = images.slice(i, i + FILES_PER_MESSAGE).map((img, j) => {
          const name = pngName(img.title, i + j);
          // The delivery key in the name lets a retry find the files already shared.
          return {
            file: img.png,
            filename: delivery ? keyedName(name, delivery.key) : name,
            title: img.title,
          };
        });
        const found = batch.map((b) => posted.get(b.filename));
        if (found.every((ts) => ts !== undefined)) {
          for (const ts of found)
            refs.push({ platform: 'slack', chatId: to.chatId, messageId: ts as string, ...thread(to) });
          continue;
        }
        // The caption belongs to the first message only, like a Telegram album.
        refs.push(...(await upload(to, batch, i === 0 ? caption : undefined)));
      }
      return refs;
    },

    async sendFile(to: ChatAddress, file: ChatFile, caption?: string): Promise<MessageRef> {
      const [ref] = await upload(to, [{ file: file.bytes, filename: file.name, title: file.name }], caption);
      return ref ?? { platform: 'slack', chatId: to.chatId, messageId: '', threadId: to.threadId };
    },
  };
}
