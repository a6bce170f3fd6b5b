/**
 * The kill points of the delivery chaos test and how a chat's messages are counted at the
 * fake APIs. One scenario = one delivery (its own chat and run) whose worker is killed at
 * one step boundary; the outcome of each expected message is once, lost or duplicated.
 */
import type { FakeSlackApi } from '../fakes/slack-api.js';
import type { FakeTelegram } from '../fakes/telegram-api.js';

export type Flow = 'report' | 'alert';
export type Platform = 'telegram' | 'slack';
export type Outcome = 'once' | 'lost' | 'duplicated';

/** A batch: one flow on one platform, on its own queue prefix. */
export interface Batch {
  flow: Flow;
  platform: Platform;
  points: string[];
}

const POST = ['before-intent', 'before-send', 'after-send', 'after-record'];
const EDIT = ['before-send', 'after-send', 'after-record'];
const pts = (scope: string, step: string, bounds: string[]) => bounds.map((b) => `${scope}:${step}:${b}`);

/**
 * Every step boundary of every delivery. Telegram's report summary is the final edit of the
 * progress message (no intent, nothing left to close); Slack's is a post, then the progress
 * message is closed.
 */
export const BATCHES: Batch[] = [
  {
    flow: 'report',
    platform: 'slack',
    points: [
      ...pts('deliver', 'album', POST),
      ...pts('deliver', 'summary', POST),
      ...pts('deliver', 'progress', EDIT),
    ],
  },
  {
    flow: 'report',
    platform: 'telegram',
    points: [...pts('deliver', 'album', POST), ...pts('deliver', 'summary', EDIT)],
  },
  {
    flow: 'alert',
    platform: 'slack',
    points: [...pts('alert', 'alert-summary', POST), ...pts('alert', 'alert-album', POST)],
  },
  {
    flow: 'alert',
    platform: 'telegram',
    points: [...pts('alert', 'alert-summary', POST), ...pts('alert', 'alert-album', POST)],
  },
];

/**
 * The documented rule where the platform cannot read back its posts (Telegram): after a
 * kill between recording the intent and knowing the answer, an album is not resent (never
 * twice; its charts stay behind the summary's link) and an alert summary is (an alert must
 * arrive). So on Telegram a kill before an album's send loses it and a kill after an alert
 * summary's send doubles it. A report summary there is an edit of the progress message:
 * once at every boundary.
 */
export function expectedOutcome(platform: Platform, point: string, message: string): Outcome {
  if (platform !== 'telegram') return 'once';
  const [, step, boundary] = point.split(':');
  if (step !== message) return 'once';
  if ((step === 'album' || step === 'alert-album') && boundary === 'before-send') return 'lost';
  if (step === 'alert-summary' && boundary === 'after-send') return 'duplicated';
  return 'once';
}

const outcomeOf = (n: number): Outcome => (n === 1 ? 'once' : n === 0 ? 'lost' : 'duplicated');

/** Counts of one delivered chat, by message. */
export type Counted = Record<string, { n: number; outcome: Outcome }>;

const count = (entries: Record<string, number>): Counted =>
  Object.fromEntries(Object.entries(entries).map(([k, n]) => [k, { n, outcome: outcomeOf(n) }]));

/** Telegram: albums by media group (or single photo), summaries by the web link, in one chat. */
export function countTelegram(fake: FakeTelegram, chatId: string, flow: Flow, marker: string): Counted {
  const msgs = fake.messagesIn(chatId);
  const albums = new Set(
    msgs.filter((m) => m.kind === 'photo').map((m) => m.mediaGroupId ?? `single-${m.messageId}`),
  );
  // By the message as it stands now (edits applied): the report's summary is the progress
  // message (posted by the "command") edited, so a posted summary and an edited one count alike.
  const summaries = msgs.filter((m) => m.kind === 'text' && (m.text ?? '').includes(marker)).length;
  if (flow === 'report') return count({ album: albums.size, summary: summaries });
  return count({ 'alert-album': albums.size, 'alert-summary': summaries });
}

/** Slack: file shares (one message per ≤10 files), summaries by the web link, progress closed. */
export function countSlack(fake: FakeSlackApi, channel: string, flow: Flow, marker: string): Counted {
  const msgs = fake.messagesIn(channel);
  const shares = fake.shares.filter((s) => s.channel === channel).length;
  const textOf = (m: (typeof msgs)[number]) => JSON.stringify(m.updates.at(-1) ?? { t: m.text, b: m.blocks });
  const summaries = msgs.filter((m) => m.updates.length === 0 && textOf(m).includes(marker)).length;
  if (flow === 'report') {
    const progress = msgs.filter((m) => /Working on it/.test(m.text));
    const closed = progress.filter((m) => /Done/.test(textOf(m))).length;
    return count({ album: shares, summary: summaries, progress: closed });
  }
  return count({ 'alert-album': shares, 'alert-summary': summaries });
}
