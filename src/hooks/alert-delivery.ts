import type { Locale } from '../analysis/report.types.js';
import {
  type ChatAddress,
  type ChatGateway,
  chatKey,
  type MessageRef,
  type Msg,
} from '../chat/chat.types.js';
import type { ChatServices } from '../chat/services.js';
import { editOnce, postOnce } from '../pipeline/jobs/delivery-step.js';
import type { StoredChart } from '../store/delivery.store.js';

/*
 * Posting alert reports. Every post is a delivery step recorded per run and chat (the same
 * mechanism as deliver.job.ts, see delivery-step.ts): exactly once where the platform can
 * read back its posts (Slack); on Telegram an interrupted summary is posted again (an alert
 * must arrive) and an interrupted album is not (its charts are behind the summary's link).
 */

/** Delivery step names of alert reports. */
export const STEP = { album: 'alert-album', summary: 'alert-summary', edit: 'alert-edit' } as const;

/** Key charts first; an album shows at most 10. */
const ALBUM_ORDER = ['load_throughput', 'latency', 'errors', 'db_pool', 'infra_cpu', 'jvm_heap', 'jvm_gc'];
const ALBUM_MAX = 10;

/** The chat's language and zone (its /lang and /tz settings, else LOCALE and TZ). */
export async function chatPrefs(
  services: ChatServices,
  to: ChatAddress,
): Promise<{ locale: Locale; tz: string }> {
  const s = await services.store.getChatSettings(chatKey(to));
  return { locale: s.locale ?? services.config.env.LOCALE, tz: s.tz ?? services.config.env.TZ };
}

/** Runs an edit of `ref` unless recorded for this run and chat (edits are idempotent). */
export function editOnceIn(
  services: ChatServices,
  runId: string,
  to: ChatAddress,
  step: string,
  ref: MessageRef,
  edit: () => Promise<void>,
): Promise<MessageRef[]> {
  return editOnce(services, { runId, chatKey: chatKey(to), step, scope: 'alert', ref, edit });
}

/** The chat's copy of the first report's summary (what later notifications edit or answer). */
export async function firstSummary(
  services: ChatServices,
  firstRunId: string | null,
  to: ChatAddress,
): Promise<MessageRef | null> {
  if (!firstRunId) return null;
  const refs = await services.store.delivery.getStep<MessageRef>(firstRunId, chatKey(to), STEP.summary);
  return refs?.[0] ?? null;
}

/**
 * An address answering `parent`: a reply on Telegram (`replyTo`, in the parent's topic),
 * the parent's thread on Slack.
 */
export function replyAddress(to: ChatAddress, parent: MessageRef): ChatAddress {
  const threadId = parent.threadId ?? (to.platform === 'slack' ? parent.messageId : to.threadId);
  const out: ChatAddress = { platform: to.platform, chatId: to.chatId, replyTo: parent.messageId };
  if (threadId !== undefined) out.threadId = threadId;
  return out;
}

function albumOf(charts: StoredChart[]): StoredChart[] {
  const rank = (id: string) => {
    const i = ALBUM_ORDER.indexOf(id);
    return i < 0 ? ALBUM_ORDER.length : i;
  };
  return [...charts].sort((a, b) => rank(a.id) - rank(b.id)).slice(0, ALBUM_MAX);
}

/**
 * Posts a report to one chat: the summary with the alert header first (it is what people
 * read and what later notifications edit), then the album of key charts. `to` is where
 * both go; the steps are recorded against `stepsTo` (the chat without reply details).
 */
export async function postReport(
  services: ChatServices,
  gateway: ChatGateway,
  r: { runId: string; to: ChatAddress; stepsTo: ChatAddress; msg: Msg; caption: string },
): Promise<MessageRef[]> {
  const step = {
    runId: r.runId,
    chatKey: chatKey(r.stepsTo),
    scope: 'alert',
    canResume: gateway.canResume === true,
  };
  const summary = await postOnce(services, {
    ...step,
    step: STEP.summary,
    ifUnknown: 'resend',
    post: (delivery) => gateway.send(r.to, r.msg, delivery),
  });
  const charts = albumOf(await services.store.delivery.listCharts(r.runId));
  if (charts.length > 0) {
    await postOnce(services, {
      ...step,
      step: STEP.album,
      ifUnknown: 'skip',
      post: (delivery) =>
        gateway.sendImages(
          r.to,
          charts.map((c) => ({ png: c.png, title: c.title })),
          r.caption,
          delivery,
        ),
    });
  }
  return summary;
}
