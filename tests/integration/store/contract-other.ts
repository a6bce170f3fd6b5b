import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLoadLensError } from '../../../src/core/errors.js';
import { loadMigrations, migrate } from '../../../src/store/migrate.js';
import { type ContractContext, count, expectCode, rejection } from './contract-helpers.js';
import { makeRun, unique } from './fixtures.js';

/** Summaries, votes, baselines, jobs, alert events, chat settings and migrations. */
export function otherContract(ctx: ContractContext): void {
  describe(`store contract (${ctx.h.kind}): feedback`, () => {
    it('versions summaries, also under concurrent saves', async () => {
      const run = await ctx.store.saveRun(makeRun());
      const v1 = await ctx.store.addSummaryVersion(run.id, 'llm', 'first');
      const v2 = await ctx.store.addSummaryVersion(run.id, 'alice', 'second');
      expect([v1.version, v2.version]).toEqual([1, 2]);
      expect(v2.author).toBe('alice');
      const parallel = await Promise.all(
        Array.from({ length: 8 }, (_, i) => ctx.store.addSummaryVersion(run.id, `u${i}`, `body ${i}`)),
      );
      expect(parallel.map((s) => s.version).sort((x, y) => x - y)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
      const list = await ctx.store.listSummaryVersions(run.id);
      expect(list.map((s) => s.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(list[0]!.body).toBe('first');
      await expectCode(ctx.store.addSummaryVersion('missing', 'x', 'y'), 'NOT_FOUND');
    });

    it('upserts votes per voter and target', async () => {
      const run = await ctx.store.saveRun(makeRun());
      await ctx.store.putVote({ runId: run.id, target: 'verdict', voter: 'alice', value: 1, comment: null });
      await ctx.store.putVote({
        runId: run.id,
        target: 'http.1',
        voter: 'alice',
        value: -1,
        comment: 'noise',
      });
      await ctx.store.putVote({ runId: run.id, target: 'verdict', voter: 'bob', value: -1, comment: null });
      const again = await ctx.store.putVote({
        runId: run.id,
        target: 'verdict',
        voter: 'alice',
        value: -1,
        comment: 'changed',
      });
      expect(again.value).toBe(-1);
      const votes = await ctx.store.listVotes(run.id);
      expect(votes).toHaveLength(3);
      const alice = votes.find((v) => v.voter === 'alice' && v.target === 'verdict')!;
      expect([alice.value, alice.comment]).toEqual([-1, 'changed']);
      await expectCode(
        ctx.store.putVote({ runId: 'missing', target: 'verdict', voter: 'x', value: 1, comment: null }),
        'NOT_FOUND',
      );
      await expectCode(
        ctx.store.putVote({ runId: run.id, target: 'verdict', voter: 'x', value: 2 as 1, comment: null }),
        'BAD_INPUT',
      );
    });

    it('keeps one baseline per service and refuses invalid or foreign runs', async () => {
      const svc = unique('base');
      const r1 = await ctx.store.saveRun(makeRun({ service: svc }));
      const r2 = await ctx.store.saveRun(makeRun({ service: svc }));
      const foreign = await ctx.store.saveRun(makeRun());
      expect(await ctx.store.getBaseline(svc)).toBeNull();
      const b1 = await ctx.store.setBaseline(svc, r1.id, 'alice');
      expect([b1.service, b1.runId, b1.setBy]).toEqual([svc, r1.id, 'alice']);
      await ctx.store.setBaseline(svc, r2.id, 'bob');
      expect((await ctx.store.getBaseline(svc))!.runId).toBe(r2.id);

      await expectCode(ctx.store.setBaseline(svc, foreign.id, 'x'), 'BAD_INPUT');
      await expectCode(ctx.store.setBaseline(svc, 'missing', 'x'), 'NOT_FOUND');
      await ctx.store.setRunInvalid(r1.id, true);
      const err = await rejection(ctx.store.setBaseline(svc, r1.id, 'x'));
      expect(isLoadLensError(err, 'BAD_INPUT')).toBe(true);
      expect((err as Error).message).toMatch(/invalid/);
      expect((await ctx.store.getBaseline(svc))!.runId).toBe(r2.id);
      // Invalidating the current baseline removes it.
      await ctx.store.setRunInvalid(r2.id, true);
      expect(await ctx.store.getBaseline(svc)).toBeNull();
    });
  });

  describe(`store contract (${ctx.h.kind}): jobs, alerts, chats`, () => {
    it('tracks jobs', async () => {
      const id = unique('job');
      const job = await ctx.store.putJob({ id, kind: 'report', payload: { from: 'now-1h', n: [1, 2] } });
      expect([job.status, job.attempts, job.result, job.error]).toEqual(['queued', 0, null, null]);
      expect(job.payload).toEqual({ from: 'now-1h', n: [1, 2] });
      await ctx.store.updateJob(id, { status: 'active', attempts: 1 });
      await ctx.store.updateJob(id, { status: 'failed', error: 'boom' });
      let got = await ctx.store.getJob(id);
      expect([got!.status, got!.attempts, got!.error]).toEqual(['failed', 1, 'boom']);
      await ctx.store.updateJob(id, { status: 'done', error: null, result: { runId: 'r1' } });
      got = await ctx.store.getJob(id);
      expect([got!.status, got!.attempts, got!.error, got!.result]).toEqual([
        'done',
        1,
        null,
        { runId: 'r1' },
      ]);
      expect(got!.updatedAt.getTime()).toBeGreaterThanOrEqual(got!.createdAt.getTime());
      const requeued = await ctx.store.putJob({ id, kind: 'replay', payload: ['x'] });
      expect([requeued.status, requeued.kind, requeued.result, requeued.attempts]).toEqual([
        'queued',
        'replay',
        null,
        1,
      ]);
      expect(requeued.payload).toEqual(['x']);
      expect(await ctx.store.getJob('missing')).toBeNull();
      await expectCode(ctx.store.updateJob('missing', { status: 'done' }), 'NOT_FOUND');
      await expectCode(ctx.store.updateJob(id, { status: 'weird' as 'done' }), 'BAD_INPUT');
    });

    it('stores alert events, newest first, and links them to runs', async () => {
      const group = unique('grp');
      const base = {
        source: 'alertmanager' as const,
        groupKey: group,
        service: 'orders',
        payload: { raw: true },
        runId: null,
      };
      const e1 = await ctx.store.addAlertEvent({
        ...base,
        status: 'firing',
        labels: { alertname: 'HighLatency' },
        receivedAt: new Date(Date.UTC(2025, 2, 1)),
      });
      const e2 = await ctx.store.addAlertEvent({
        ...base,
        status: 'resolved',
        labels: {},
        receivedAt: new Date(Date.UTC(2025, 2, 2)),
      });
      await ctx.store.addAlertEvent({ ...base, groupKey: unique('grp'), status: 'firing', labels: {} });
      const list = await ctx.store.listAlertEvents({ groupKey: group });
      expect(list.map((e) => e.id)).toEqual([e2.id, e1.id]);
      expect(list[1]!.labels).toEqual({ alertname: 'HighLatency' });
      expect(list[1]!.payload).toEqual({ raw: true });
      expect(list[1]!.receivedAt.toISOString()).toBe('2025-03-01T00:00:00.000Z');
      expect(await ctx.store.listAlertEvents({ groupKey: group, limit: 1 })).toHaveLength(1);
      const fresh = await ctx.store.listAlertEvents({ limit: 1 });
      expect(Date.now() - fresh[0]!.receivedAt.getTime()).toBeLessThan(60_000);
      const run = await ctx.store.saveRun(makeRun());
      await ctx.store.linkAlertRun(e1.id, run.id);
      expect((await ctx.store.listAlertEvents({ groupKey: group }))[1]!.runId).toBe(run.id);
      await expectCode(ctx.store.linkAlertRun('missing', run.id), 'NOT_FOUND');
      await expectCode(ctx.store.linkAlertRun(e1.id, 'missing'), 'NOT_FOUND');
    });

    it('patches chat settings', async () => {
      const key = `telegram:${unique('chat')}`;
      expect(await ctx.store.getChatSettings(key)).toEqual({
        chatKey: key,
        service: null,
        tz: null,
        locale: null,
      });
      expect(await ctx.store.setChatSettings(key, { service: 'orders' })).toEqual({
        chatKey: key,
        service: 'orders',
        tz: null,
        locale: null,
      });
      await ctx.store.setChatSettings(key, { tz: 'Europe/Moscow', locale: 'ru' });
      expect(await ctx.store.getChatSettings(key)).toEqual({
        chatKey: key,
        service: 'orders',
        tz: 'Europe/Moscow',
        locale: 'ru',
      });
      await ctx.store.setChatSettings(key, { service: null });
      expect(await ctx.store.getChatSettings(key)).toEqual({
        chatKey: key,
        service: null,
        tz: 'Europe/Moscow',
        locale: 'ru',
      });
      await expectCode(ctx.store.setChatSettings(key, { tz: 'Mars/Olympus' }), 'BAD_INPUT');
      await expectCode(ctx.store.setChatSettings(key, { locale: 'de' as 'ru' }), 'BAD_INPUT');
    });
  });

  describe(`store contract (${ctx.h.kind}): migrations`, () => {
    it('is idempotent: migrating again applies nothing', async () => {
      const again = await migrate(ctx.db);
      expect(again.applied).toEqual([]);
      expect(again.current).toBe(Math.max(...loadMigrations().map((m) => m.version)));
      const rows = await ctx.db.query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      expect(rows.map((r) => r.version)).toEqual(loadMigrations().map((m) => m.version));
    });

    it('rolls a failing migration back completely and stops there', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'loadlens-store-mig-'));
      writeFileSync(join(dir, '001_ok.sql'), 'CREATE TABLE good_one (id int PRIMARY KEY);');
      writeFileSync(
        join(dir, '002_broken.sql'),
        'CREATE TABLE half_done (id int);\nINSERT INTO good_one VALUES (1);\nSELECT no_such_function();',
      );
      writeFileSync(join(dir, '003_later.sql'), 'CREATE TABLE later_one (id int);');
      const empty = await ctx.h.openEmptyDb();
      try {
        const err = await rejection(migrate(empty, { dir }));
        expect(isLoadLensError(err, 'MIGRATION_FAILED')).toBe(true);
        expect((err as Error).message).toContain('002_broken.sql');
        const versions = await empty.query<{ version: number }>('SELECT version FROM schema_migrations');
        expect(versions.map((r) => r.version)).toEqual([1]);
        expect(await count(empty, 'good_one')).toBe(0);
        const tables = await empty.query<{ t: string | null }>(
          "SELECT to_regclass('half_done')::text AS t UNION ALL SELECT to_regclass('later_one')::text",
        );
        expect(tables.map((r) => r.t)).toEqual([null, null]);
        // Fixing the file lets the next start continue from version 2.
        writeFileSync(join(dir, '002_broken.sql'), 'CREATE TABLE half_done (id int);');
        expect((await migrate(empty, { dir })).applied).toEqual([2, 3]);
      } finally {
        await empty.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
