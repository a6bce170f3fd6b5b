import { describe, expect, it } from 'vitest';
import { contentHash, createGrouper } from '../../../src/hooks/grouping.js';
import type { AlertItem } from '../../../src/hooks/normalise.js';

const item = (fingerprint: string, status: 'firing' | 'resolved' = 'firing', value = 1): AlertItem => ({
  status,
  labels: { alertname: 'A' },
  annotations: {},
  startsAtMs: 0,
  endsAtMs: null,
  fingerprint,
  values: { B: value },
  links: {},
});
const note = (groupKey: string, alerts: AlertItem[], status: 'firing' | 'resolved' = 'firing') => ({
  groupKey,
  status,
  alerts,
});

describe('grouping', () => {
  const W = 300_000;

  it('gives repeats of a group within the window one event id, fresher values included', () => {
    const g = createGrouper({ windowMs: W });
    const a = g.key(note('g', [item('f1', 'firing', 1)]), 1_000);
    const b = g.key(note('g', [item('f1', 'firing', 2)]), 1_000 + W - 1);
    expect(b.eventId).toBe(a.eventId);
    expect(b.windowStartMs).toBe(1_000);
  });

  it('opens a new window after windowMs, and on a status change', () => {
    const g = createGrouper({ windowMs: W });
    const first = g.key(note('g', [item('f1')]), 0).eventId;
    const later = g.key(note('g', [item('f1')]), W).eventId;
    expect(later).not.toBe(first);
    const resolved = g.key(note('g', [item('f1', 'resolved')], 'resolved'), W + 10).eventId;
    const refire = g.key(note('g', [item('f1')]), W + 20).eventId;
    expect(new Set([later, resolved, refire]).size).toBe(3);
  });

  it('separates groups and changed alert sets (the latter edit the report)', () => {
    const g = createGrouper({ windowMs: W });
    const one = g.key(note('g', [item('f1')]), 0).eventId;
    const two = g.key(note('g', [item('f1'), item('f2')]), 10).eventId;
    const other = g.key(note('h', [item('f1')]), 10).eventId;
    expect(new Set([one, two, other]).size).toBe(3);
    // Order of alerts and resolved members of a firing group do not matter.
    expect(contentHash(note('g', [item('f2'), item('f1'), item('f3', 'resolved')]))).toBe(
      contentHash(note('g', [item('f1'), item('f2')])),
    );
  });

  it('remembers queued ids for the window only, and forgets the oldest beyond its bound', () => {
    const g = createGrouper({ windowMs: W, maxEntries: 2 });
    g.remember('a', 0);
    expect(g.seen('a', W - 1)).toBe(true);
    expect(g.seen('a', W)).toBe(false);
    g.remember('x', 0);
    g.remember('y', 0);
    g.remember('z', 0);
    expect(g.seen('x', 1)).toBe(false);
    expect(g.seen('z', 1)).toBe(true);
  });
});
