import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GroundTruth } from '../../../src/sim/scenario.js';
import { buttonsOf, textOf } from '../../fakes/slack/signing.js';
import type { FakeSlackMessage } from '../../fakes/slack-api.js';
import { isPng } from '../../fakes/slack-api.js';
import { type SlackStack, startSlackStack } from './slack-stack.js';

/**
 * End to end on the real stack: a signed /report goes through Bolt's HTTP receiver, the
 * chat core, BullMQ on Redis, the report engine on Prometheus, PostgreSQL, and comes back
 * to the fake Slack Web API as a progress message, an uploaded album and a summary.
 */
let stack: SlackStack;
beforeAll(async () => {
  stack = await startSlackStack();
});
afterAll(async () => stack?.close());

const THREAD = '1790000000.000100';
const utc = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

describe('Slack /report end to end', () => {
  let runId = '';
  let summary: FakeSlackMessage;

  it('acks at once, posts progress, uploads PNG charts into the thread and posts the summary', async () => {
    const truth = inject('scenarios').step_db_pool as GroundTruth;
    expect(truth).toBeDefined();
    const interval = `${utc(truth.startMs)} - ${utc(truth.endMs)}`;
    const sentAt = Date.now();
    const ack = await stack.command({
      command: '/report',
      text: `dbpool ${interval}`,
      channel_id: 'C0GENERAL',
      thread_ts: THREAD,
    });
    expect(ack.status).toBe(200);
    expect(ack.ms).toBeLessThan(3000);
    const { fake } = stack;

    // Progress: "working on it" in the thread, fast (nominally within half a second).
    const progress = await fake.until(() => fake.messagesIn('C0GENERAL', THREAD)[0], 10_000);
    expect(progress.text).toMatch(/Working on it/);
    const firstPost = fake.okCallsOf('chat.postMessage')[0]!;
    expect(firstPost.at - sentAt).toBeLessThan(1500);

    summary = await fake.until(
      () =>
        fake
          .messagesIn('C0GENERAL', THREAD)
          .find((m) => buttonsOf(m).some((b) => b.actionId === 'll_set_baseline')),
      90_000,
    );
    // The progress message went through the phases and ended as "done".
    const phases = progress.updates.map((u) => u.text);
    expect(phases.some((t) => /collecting metrics/.test(t))).toBe(true);
    expect(phases.some((t) => /analysing/.test(t))).toBe(true);
    expect(phases.some((t) => /drawing charts/.test(t))).toBe(true);
    await fake.until(() => /Done/.test(textOf(progress)), 10_000);
    expect(textOf(progress)).toMatch(/Done: FAIL/);

    // The album: one files.uploadV2 share in the thread, every file a PNG.
    expect(fake.shares).toHaveLength(1);
    const album = fake.shares[0]!;
    expect(album.channel).toBe('C0GENERAL');
    expect(album.threadTs).toBe(THREAD);
    expect(album.initialComment).toMatch(/FAIL/);
    expect(album.files.length).toBeGreaterThanOrEqual(2);
    expect(album.files.length).toBeLessThanOrEqual(10);
    for (const f of album.files) expect(isPng(f.bytes), f.filename).toBe(true);
    expect(fake.okCallsOf('upload')).toHaveLength(album.files.length);

    // The summary: verdict, peak, steps, domains, findings, web link and buttons.
    const text = textOf(summary);
    expect(text).toMatch(/Verdict: FAIL/);
    expect(text).toMatch(/Peak: [\d.,]+\srps/);
    expect(text).toMatch(/```/);
    expect(text).toMatch(/Database/);
    expect(summary.blocks.length).toBeLessThanOrEqual(50);
    for (const b of summary.blocks) {
      const t = (b.text as { text?: string } | undefined)?.text ?? '';
      expect(t.length).toBeLessThanOrEqual(3000);
    }
    const buttons = buttonsOf(summary);
    const setBaseline = buttons.find((b) => b.actionId === 'll_set_baseline')!;
    runId = setBaseline.value!;
    expect(buttons.find((b) => b.actionId === 'll_compare_baseline')?.value).toBe(runId);
    const full = buttons.find((b) => b.url);
    expect(full?.url).toMatch(new RegExp(`^http://loadlens\\.test/.*${runId}`));
    expect(
      summary.blocks.some((b) =>
        /<http:\/\/loadlens\.test\/[^|]+\|/.test((b.text as { text?: string })?.text ?? ''),
      ),
    ).toBe(true);

    // Order in the thread: progress, album, summary; the run is stored with its service.
    // (The fake's ts values have a fixed width, so string order is time order.)
    expect(progress.ts < album.ts && album.ts < summary.ts).toBe(true);
    const run = await stack.services.store.getRun(runId);
    expect(run?.service).toBe('dbpool');
    expect(run?.verdict).toBe('fail');
  });

  it('"Set as baseline" persists the baseline and answers in the thread', async () => {
    expect(runId).not.toBe('');
    const before = stack.fake.messagesIn('C0GENERAL', THREAD).length;
    const status = await stack.press({ actionId: 'll_set_baseline', value: runId, message: summary });
    expect(status).toBe(200);
    await stack.app.idle();
    const base = await stack.services.store.getBaseline('dbpool');
    expect(base?.runId).toBe(runId);
    const reply = stack.fake.messagesIn('C0GENERAL', THREAD)[before];
    expect(reply && textOf(reply)).toMatch(/Baseline of dbpool is now/);
  });

  it('"Compare with baseline" answers in the thread; the URL button is only acknowledged', async () => {
    const before = stack.fake.messagesIn('C0GENERAL', THREAD).length;
    expect(await stack.press({ actionId: 'll_compare_baseline', value: runId, message: summary })).toBe(200);
    await stack.app.idle();
    const replies = stack.fake.messagesIn('C0GENERAL', THREAD).slice(before);
    expect(replies.length).toBeGreaterThanOrEqual(1);
    expect(replies.map(textOf).join('\n')).not.toMatch(/went wrong|Unknown command/);
    const afterCompare = stack.fake.messages.length;
    const url = buttonsOf(summary).find((b) => b.url)!;
    expect(await stack.press({ actionId: url.actionId, message: summary })).toBe(200);
    await stack.app.idle();
    expect(stack.fake.messages.length).toBe(afterCompare);
  });

  it('/note, /runs and /baseline work on the stored run', async () => {
    const channel = 'C0GENERAL';
    const say = async (command: string, text: string) => {
      const before = stack.fake.messagesIn(channel).length;
      expect((await stack.command({ command, text, channel_id: channel })).status).toBe(200);
      await stack.app.idle();
      return stack.fake.messagesIn(channel).slice(before).map(textOf).join('\n');
    };
    expect(await say('/note', `${runId.slice(-6)} pool of 10 connections saturates at ~120 rps`)).toMatch(
      /Saved the summary .* version 1/,
    );
    const versions = await stack.services.store.listSummaryVersions(runId);
    expect(versions.at(-1)?.body).toBe('pool of 10 connections saturates at ~120 rps');
    expect(await say('/loadlens', 'note second thought')).toMatch(/version 2/);
    expect((await stack.services.store.listSummaryVersions(runId)).at(-1)?.body).toMatch(/second thought$/);
    expect(await say('/runs', 'dbpool')).toMatch(/Last runs[\s\S]*FAIL/);
    expect(await say('/baseline', 'dbpool')).toMatch(/Baseline of dbpool: /);
  });

  it('/compare: a rerun against the baseline gets overlay charts and the verdict in the thread', async () => {
    const truth = inject('scenarios').step_db_pool as GroundTruth;
    const { fake } = stack;
    const before = fake.messagesIn('C0GENERAL', THREAD).length;
    await stack.command({
      command: '/report',
      text: `dbpool ${utc(truth.startMs)} - ${utc(truth.endMs)}`,
      channel_id: 'C0GENERAL',
      thread_ts: THREAD,
    });
    // The rerun's summary carries the line against the baseline set above.
    await fake.until(
      () =>
        fake
          .messagesIn('C0GENERAL', THREAD)
          .slice(before)
          .find((m) => /vs baseline/.test(textOf(m))),
      90_000,
    );
    const sharesBefore = fake.shares.length;
    await stack.command({ command: '/compare', text: '', channel_id: 'C0GENERAL', thread_ts: THREAD });
    const verdict = await fake.until(
      () =>
        fake
          .messagesIn('C0GENERAL', THREAD)
          .find((m) => /no significant change/.test(textOf(m)) && !/vs baseline/.test(textOf(m))),
      60_000,
    );
    expect(verdict).toBeDefined();
    // The overlays were uploaded into the thread before the verdict.
    const overlay = fake.shares.slice(sharesBefore);
    expect(overlay.length).toBeGreaterThanOrEqual(1);
    expect(overlay[0]?.threadTs).toBe(THREAD);
    expect(overlay.flatMap((x) => x.files).length).toBeGreaterThanOrEqual(2);
  });
});
