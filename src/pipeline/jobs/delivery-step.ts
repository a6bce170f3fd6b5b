import { createHash } from 'node:crypto';
import type { MessageRef } from '../../chat/chat.types.js';
import type { ChatServices } from '../../chat/services.js';
import { noFaults } from '../faults.js';

/*
 * Exactly-once delivery steps (issue 16). A worker may be killed with `kill -9` at any
 * instant, so every post is bracketed by records in the store:
 *
 *   intent recorded → post → result recorded
 *
 * A retry that finds the result skips the step. A retry that finds only the intent does
 * not know whether the post reached the chat. Then:
 * - a platform that can read back what the bot posted (Slack: the delivery key in message
 *   metadata / file names, looked up in `conversations.history`) resumes: it returns what
 *   is there and posts only what is missing;
 * - otherwise (Telegram has no history API and no idempotency key) the step's rule
 *   decides: `skip` (never twice; used for albums, whose every chart is also behind the
 *   summary's web link) or `resend` (never lost; used where a missing message is worse).
 * Edits are idempotent, so an edit step needs no intent. On Telegram a post can only be
 * made exactly once by not being a post: the report summary is the final edit of the
 * progress message the command posted before queueing (see deliver.job.ts), kept to one
 * message. Without a progress message (and for alert summaries) it stays a `resend` post.
 */

/** What a retry does after an interrupted post it cannot read back. */
export type UnknownOutcome = 'skip' | 'resend';

/** One post of a delivery. */
export interface PostStep {
  runId: string;
  chatKey: string;
  /** Step name, unique per run and chat (`album`, `summary`, `alert-summary`, …). */
  step: string;
  /** Fault-point scope: `deliver` or `alert`. */
  scope: string;
  /** True when `post` with `resume` finds an earlier try's messages (gateway.canResume). */
  canResume: boolean;
  ifUnknown: UnknownOutcome;
  post(delivery: { key: string; resume: boolean }): Promise<MessageRef[]>;
}

const intentOf = (step: string) => `${step}@intent`;

/**
 * The delivery key a platform carries with the post (Slack metadata, file names): stable
 * across tries, short, and free of chat ids.
 */
export function deliveryKey(runId: string, chatKey: string, step: string): string {
  return createHash('sha256').update(`${runId}|${chatKey}|${step}`).digest('hex').slice(0, 16);
}

/**
 * Runs one post at most once per run and chat and, where the platform can read back its
 * posts, exactly once; returns its refs (empty when the rule skipped it).
 */
export async function postOnce(services: ChatServices, s: PostStep): Promise<MessageRef[]> {
  const store = services.store.delivery;
  const faults = services.faults ?? noFaults;
  const point = (b: string) => faults.at(`${s.scope}:${s.step}:${b}`, s.chatKey);
  const done = await store.getStep<MessageRef>(s.runId, s.chatKey, s.step);
  if (done) return done;
  const key = deliveryKey(s.runId, s.chatKey, s.step);
  const interrupted = (await store.getStep(s.runId, s.chatKey, intentOf(s.step))) !== null;
  let refs: MessageRef[];
  if (interrupted && !s.canResume && s.ifUnknown === 'skip') {
    services.logger.warn('delivery step interrupted earlier and not resent (it may have arrived)', {
      runId: s.runId,
      step: s.step,
    });
    refs = [];
  } else {
    if (!interrupted) {
      point('before-intent');
      await store.putStep(s.runId, s.chatKey, intentOf(s.step), []);
    }
    point('before-send');
    refs = await s.post({ key, resume: interrupted && s.canResume });
    point('after-send');
  }
  await store.putStep(s.runId, s.chatKey, s.step, refs);
  point('after-record');
  return refs;
}

/**
 * Runs one edit of an existing message unless recorded: an edit repeated by a retry shows
 * the same content, so no intent is needed.
 */
export async function editOnce(
  services: ChatServices,
  s: { runId: string; chatKey: string; step: string; scope: string; edit(): Promise<void>; ref: MessageRef },
): Promise<MessageRef[]> {
  const store = services.store.delivery;
  const faults = services.faults ?? noFaults;
  const point = (b: string) => faults.at(`${s.scope}:${s.step}:${b}`, s.chatKey);
  const done = await store.getStep<MessageRef>(s.runId, s.chatKey, s.step);
  if (done) return done;
  point('before-send');
  await s.edit();
  point('after-send');
  await store.putStep(s.runId, s.chatKey, s.step, [s.ref]);
  point('after-record');
  return [s.ref];
}
