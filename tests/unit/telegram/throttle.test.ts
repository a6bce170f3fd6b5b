import { describe, expect, it } from 'vitest';
import { abortableSleep, createThrottle, isPrivateChat } from '../../../src/bots/telegram/throttle.js';
import { fixedClock } from '../../../src/core/clock.js';

/** A fake clock whose sleep advances time, recording when each caller was released. */
function fakeTime(start = 1_000_000) {
  const clock = fixedClock(start);
  const sleeps: number[] = [];
  const sleep = async (ms: number) => {
    sleeps.push(ms);
    clock.set(clock.now() + ms);
  };
  return { clock, sleep, sleeps, start };
}

/** Sends `n` messages back to back (each waits its turn), returning release times relative to start. */
async function releaseTimes(
  acquire: (chat: string) => Promise<number>,
  t: ReturnType<typeof fakeTime>,
  chat: string,
  n: number,
): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    await acquire(chat);
    out.push(t.clock.now() - t.start);
  }
  return out;
}

describe('createThrottle', () => {
  it('lets a private chat burst 3 messages, then one a second', async () => {
    const t = fakeTime();
    const th = createThrottle({ clock: t.clock, sleep: t.sleep });
    expect(await releaseTimes((c) => th.acquire(c), t, '42', 6)).toEqual([0, 0, 0, 1000, 2000, 3000]);
  });

  it('spaces a group to 20 a minute after a burst of 10', async () => {
    const t = fakeTime();
    const th = createThrottle({ clock: t.clock, sleep: t.sleep });
    const times = await releaseTimes((c) => th.acquire(c), t, '-1001234567890', 13);
    expect(times.slice(0, 10)).toEqual(Array(10).fill(0));
    expect(times.slice(10)).toEqual([3000, 6000, 9000]);
  });

  it('keeps chats independent but bounds the total to 30 a second', async () => {
    const t = fakeTime();
    // Time stands still: every sender asks at the same instant.
    const th = createThrottle({ clock: t.clock, sleep: async () => {} });
    // 40 different private chats at the same instant: 30 pass, the rest wait for global slots.
    const waits = await Promise.all(Array.from({ length: 40 }, (_, i) => th.acquire(String(i + 1))));
    expect(waits.filter((w) => w === 0)).toHaveLength(30);
    const delayed = waits.filter((w) => w > 0).sort((a, b) => a - b);
    expect(delayed[0]).toBeCloseTo(1000 / 30, 5);
    expect(delayed.at(-1)).toBeCloseTo((10 * 1000) / 30, 5);
  });

  it('reserves slots synchronously, so concurrent senders to one chat never share a slot', async () => {
    const t = fakeTime();
    const th = createThrottle({ clock: t.clock, sleep: async (ms) => void t.sleeps.push(ms) });
    await Promise.all(Array.from({ length: 5 }, () => th.acquire('7')));
    expect(t.sleeps).toEqual([1000, 2000]);
  });

  it('keeps edits apart from new messages, so progress edits never delay the summary', async () => {
    const t = fakeTime();
    const th = createThrottle({ clock: t.clock, sleep: t.sleep });
    // A report in a private chat: "working" reply, five progress edits, album, summary.
    expect(await th.acquire('42')).toBe(0);
    for (let i = 0; i < 5; i++) expect(await th.acquire('42', undefined, 'edit')).toBe(0);
    expect(await th.acquire('42')).toBe(0);
    expect(await th.acquire('42')).toBe(0);
    expect(t.clock.now() - t.start).toBe(0);
    // Edits are still bounded: the sixth in a row waits a second.
    expect(await th.acquire('42', undefined, 'edit')).toBe(1000);
  });

  it('honours custom limits', async () => {
    const t = fakeTime();
    const th = createThrottle({
      clock: t.clock,
      sleep: t.sleep,
      limits: { privateChat: { count: 10, perMs: 1000, burst: 1 } },
    });
    expect(await releaseTimes((c) => th.acquire(c), t, '5', 3)).toEqual([0, 100, 200]);
  });
});

describe('helpers', () => {
  it('tells private chats from groups by the id sign', () => {
    expect(isPrivateChat(12345)).toBe(true);
    expect(isPrivateChat('-100123')).toBe(false);
    expect(isPrivateChat('-42')).toBe(false);
  });

  it('abortableSleep rejects when aborted', async () => {
    const ac = new AbortController();
    const p = abortableSleep(10_000, ac.signal);
    ac.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
  });
});
