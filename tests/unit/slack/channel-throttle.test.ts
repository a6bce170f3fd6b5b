import { describe, expect, it } from 'vitest';
import { createChannelThrottle } from '../../../src/bots/slack/channel-throttle.js';

/** A virtual clock whose sleep advances time at once and records the waits. */
function virtualTime() {
  let t = 0;
  const waits: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      waits.push(ms);
      t += ms;
    },
    waits,
    at: () => t,
  };
}

describe('channel throttle', () => {
  it('lets a burst through, then paces one message per interval', async () => {
    const v = virtualTime();
    const wait = createChannelThrottle({ burst: 3, intervalMs: 1000, now: v.now, sleep: v.sleep });
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      await wait('C1');
      times.push(v.at());
    }
    expect(times).toEqual([0, 0, 0, 1000, 2000, 3000]);
  });

  it('keeps channels independent and serves concurrent callers in order', async () => {
    const v = virtualTime();
    const wait = createChannelThrottle({ burst: 1, intervalMs: 1000, now: v.now, sleep: v.sleep });
    const order: string[] = [];
    await Promise.all(['a', 'b', 'c'].map((n) => wait('C1').then(() => order.push(n))));
    expect(order).toEqual(['a', 'b', 'c']);
    expect(v.at()).toBe(2000);
    const before = v.at();
    await wait('C2');
    expect(v.at()).toBe(before); // a fresh channel has its burst
  });

  it('refills while idle', async () => {
    const v = virtualTime();
    const wait = createChannelThrottle({ burst: 2, intervalMs: 1000, now: v.now, sleep: v.sleep });
    await wait('C1');
    await wait('C1');
    await v.sleep(5000);
    v.waits.length = 0;
    await wait('C1');
    await wait('C1');
    expect(v.waits).toEqual([]);
  });
});
