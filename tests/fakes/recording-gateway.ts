import type {
  ChatAddress,
  ChatFile,
  ChatGateway,
  ChatImage,
  EditOptions,
  MessageRef,
  Msg,
  Platform,
} from '../../src/chat/chat.types.js';
import { msgText } from '../../src/chat/chat.types.js';

/** One call the gateway received. */
export type GatewayCall =
  | { op: 'send'; to: ChatAddress; msg: Msg; text: string; ref: MessageRef }
  | { op: 'edit'; ref: MessageRef; msg: Msg; text: string; o?: EditOptions }
  | { op: 'images'; to: ChatAddress; images: ChatImage[]; caption?: string; refs: MessageRef[] }
  | { op: 'file'; to: ChatAddress; file: ChatFile; caption?: string; ref: MessageRef };

/**
 * A ChatGateway that records what the core asked it to post: for tests of the command
 * layer and jobs, where the platform wire format is not the point (the Telegram and Slack
 * tests use protocol-level fakes instead).
 */
export function recordingGateway(platform: Platform = 'telegram') {
  const calls: GatewayCall[] = [];
  let next = 1;
  const ref = (to: ChatAddress): MessageRef => ({
    platform,
    chatId: to.chatId,
    threadId: to.threadId,
    messageId: String(next++),
  });
  const gateway: ChatGateway = {
    platform,
    async send(to, msg) {
      const r = ref(to);
      calls.push({ op: 'send', to, msg, text: msgText(msg), ref: r });
      return [r];
    },
    async edit(r, msg, o) {
      calls.push({ op: 'edit', ref: r, msg, text: msgText(msg), ...(o ? { o } : {}) });
    },
    async sendImages(to, images, caption) {
      const refs = images.map(() => ref(to));
      calls.push({ op: 'images', to, images, caption, refs });
      return refs;
    },
    async sendFile(to, file, caption) {
      const r = ref(to);
      calls.push({ op: 'file', to, file, caption, ref: r });
      return r;
    },
  };
  return {
    gateway,
    calls,
    /** Texts of sent messages, in order. */
    sent: () => calls.filter((c) => c.op === 'send').map((c) => (c as { text: string }).text),
    /** Waits until a call matches, polling every 10 ms. */
    async waitFor(pred: (c: GatewayCall) => boolean, timeoutMs = 10_000): Promise<GatewayCall> {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const hit = calls.find(pred);
        if (hit) return hit;
        if (Date.now() > end)
          throw new Error(
            `no matching gateway call in ${timeoutMs} ms; calls: ${JSON.stringify(calls.map((c) => c.op))}`,
          );
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
}
