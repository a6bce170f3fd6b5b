import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageRef } from '../../../src/chat/chat.types.js';
import type { ChatServices } from '../../../src/chat/services.js';
import { isLoadLensError } from '../../../src/core/errors.js';
import { createFaults } from '../../../src/pipeline/faults.js';
import { editOnce, postOnce, type UnknownOutcome } from '../../../src/pipeline/jobs/delivery-step.js';
import { jobServices } from '../hooks/job-services.js';
import { PGLITE_HOOK_TIMEOUT } from '../store/pglite-harness.js';
import { storedRun } from './stored-run.js';

/*
 * The delivery step protocol against a real (PGlite) store. A "kill" is a throw from the
 * fault seam at one boundary; the retry runs with no fault. A fake platform counts what
 * arrived and, when it can resume, finds an earlier try's post by its key.
 */
class Killed extends Error {}

let env: Awaited<ReturnType<typeof jobServices>>;
beforeAll(async () => {
  env = await jobServices();
}, PGLITE_HOOK_TIMEOUT);
afterAll(async () => env?.close());

function platform(canResume: boolean) {
  const posted = new Map<string, MessageRef[]>();
  let n = 0;
  return {
    arrived: () => n,
    async post(d: { key: string; resume: boolean }): Promise<MessageRef[]> {
      if (d.resume && canResume && posted.has(d.key)) return posted.get(d.key) as MessageRef[];
      n++;
      const refs = [{ platform: 'slack' as const, chatId: 'C1', messageId: `m${n}` }];
      posted.set(d.key, refs);
      return refs;
    },
  };
}

const newRun = () => storedRun(env.services.store);

const withFault = (point: string | undefined): ChatServices => ({
  ...env.services,
  faults: createFaults(point, (p) => {
    throw new Killed(p);
  }),
});

async function deliver(canResume: boolean, ifUnknown: UnknownOutcome, killAt: string) {
  const runId = await newRun();
  const p = platform(canResume);
  const step = {
    runId,
    chatKey: 'slack:C1',
    step: 'summary',
    scope: 'deliver',
    canResume,
    ifUnknown,
    post: p.post,
  };
  await postOnce(withFault(`deliver:summary:${killAt}`), step).catch((err) => {
    if (!(err instanceof Killed)) throw err;
  });
  const refs = await postOnce(withFault(undefined), step);
  // A third try (a duplicated job) changes nothing.
  await postOnce(withFault(undefined), step);
  return { arrived: p.arrived(), refs };
}

describe('postOnce', () => {
  for (const at of ['before-intent', 'before-send', 'after-send', 'after-record']) {
    it(`a platform that reads back its posts: once after a kill ${at}`, async () => {
      const r = await deliver(true, 'resend', at);
      expect(r.arrived).toBe(1);
      expect(r.refs).toHaveLength(1);
    });
  }

  it('without read-back, rule skip: an interrupted post is never repeated (lost if it never left)', async () => {
    expect((await deliver(false, 'skip', 'after-send')).arrived).toBe(1);
    const lost = await deliver(false, 'skip', 'before-send');
    expect(lost.arrived).toBe(0);
    expect(lost.refs).toEqual([]);
  });

  it('without read-back, rule resend: never lost (twice if it had left)', async () => {
    expect((await deliver(false, 'resend', 'before-send')).arrived).toBe(1);
    expect((await deliver(false, 'resend', 'after-send')).arrived).toBe(2);
  });

  it('kills at the boundaries outside the send are harmless without read-back too', async () => {
    for (const at of ['before-intent', 'after-record']) {
      expect((await deliver(false, 'skip', at)).arrived).toBe(1);
    }
  });
});

describe('editOnce', () => {
  it('repeats an interrupted edit (idempotent) and skips a recorded one', async () => {
    const runId = await newRun();
    let edits = 0;
    const ref = { platform: 'telegram' as const, chatId: '1', messageId: '5' };
    const s = {
      runId,
      chatKey: 'telegram:1',
      step: 'progress',
      scope: 'deliver',
      ref,
      edit: async () => void edits++,
    };
    await editOnce(withFault('deliver:progress:after-send'), s).catch(() => undefined);
    expect(await editOnce(withFault(undefined), s)).toEqual([ref]);
    await editOnce(withFault(undefined), s);
    expect(edits).toBe(2);
  });
});

describe('fault seam', () => {
  it('is a no-op unless configured, matches exact points and prefixes with *', () => {
    const hits: string[] = [];
    createFaults(undefined, (p) => hits.push(p)).at('deliver:album:after-send');
    const f = createFaults('deliver:album:after-send, alert:*', (p) => hits.push(p));
    for (const p of [
      'deliver:album:before-send',
      'deliver:album:after-send',
      'alert:alert-summary:before-send',
    ])
      f.at(p);
    expect(hits).toEqual(['deliver:album:after-send', 'alert:alert-summary:before-send']);
  });

  it('refuses a malformed setting with CONFIG_INVALID', () => {
    let err: unknown;
    try {
      createFaults('rm -rf /');
    } catch (e) {
      err = e;
    }
    expect(isLoadLensError(err, 'CONFIG_INVALID')).toBe(true);
  });
});
