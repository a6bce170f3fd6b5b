import { createHash } from 'node:crypto';
import type { IncomingAlert } from './normalise.js';

/*
 * Storm control. Every notification gets an event id that doubles as its job id, and the
 * queue enqueues one job per id: repeats of one group with the same alerts inside one
 * window collapse into one job. A window opens with the group's first notification (or
 * when the status flips) and lasts `windowMs`. A changed set of alerts gets its own job,
 * which edits the group's report instead of posting again (see alert-report.job.ts).
 */

/** The identity of one notification for the queue. */
export interface NotificationKey {
  /** Job id: group, status, alert set and window. */
  eventId: string;
  /** Start of the window the notification falls in. */
  windowStartMs: number;
}

/** Options of `createGrouper`. */
export interface GrouperOptions {
  windowMs: number;
  /** Groups (and recently queued ids) remembered at most; the oldest are forgotten first. */
  maxEntries?: number;
}

export interface Grouper {
  key(alert: Pick<IncomingAlert, 'groupKey' | 'status' | 'alerts'>, nowMs: number): NotificationKey;
  /** True when this process queued the id within the window: the queue round trip can be skipped. */
  seen(eventId: string, nowMs: number): boolean;
  /** Records an id the queue accepted. */
  remember(eventId: string, nowMs: number): void;
}

const hash = (text: string, len: number) => createHash('sha256').update(text).digest('hex').slice(0, len);

/** A short stable id of a group key (group keys can be long label dumps). */
export function groupHash(groupKey: string): string {
  return hash(groupKey, 16);
}

/**
 * The alert set that matters for the status: the firing alerts of a firing notification,
 * all alerts of a resolved one. Values and timestamps are left out: a re-sent notification
 * with fresher values is the same notification.
 */
export function contentHash(alert: Pick<IncomingAlert, 'status' | 'alerts'>): string {
  const relevant =
    alert.status === 'firing' ? alert.alerts.filter((a) => a.status === 'firing') : alert.alerts;
  const prints = [...new Set(relevant.map((a) => a.fingerprint))].sort();
  return hash(`${alert.status}|${prints.join(',')}`, 12);
}

/** Deletes the oldest entries of a Map (insertion order) beyond `max`. */
function bound<K, V>(map: Map<K, V>, max: number): void {
  while (map.size > max) {
    const first = map.keys().next();
    if (first.done) return;
    map.delete(first.value);
  }
}

/** Creates the per-process grouper used by the webhook handlers. */
export function createGrouper(opts: GrouperOptions): Grouper {
  const max = opts.maxEntries ?? 10_000;
  const windows = new Map<string, { status: string; startMs: number }>();
  const queued = new Map<string, number>();
  return {
    key(alert, nowMs) {
      const g = groupHash(alert.groupKey);
      let w = windows.get(g);
      if (!w || w.status !== alert.status || nowMs - w.startMs >= opts.windowMs || nowMs < w.startMs) {
        w = { status: alert.status, startMs: nowMs };
        windows.delete(g);
        windows.set(g, w);
        bound(windows, max);
      }
      return {
        eventId: `alert-${g}-${alert.status}-${contentHash(alert)}-${w.startMs}`,
        windowStartMs: w.startMs,
      };
    },
    seen(eventId, nowMs) {
      const until = queued.get(eventId);
      if (until === undefined) return false;
      if (nowMs < until) return true;
      queued.delete(eventId);
      return false;
    },
    remember(eventId, nowMs) {
      queued.delete(eventId);
      queued.set(eventId, nowMs + opts.windowMs);
      bound(queued, max);
    },
  };
}

/** Tries of an alert job: later notifications of a group wait (by retrying) for its first post. */
export const ALERT_JOB_ATTEMPTS = 8;
/** First retry delay; doubles each time (2 s … ~4 min in all). */
export const ALERT_JOB_BACKOFF_MS = 2_000;
