import { LoadLensError } from '../core/errors.js';
import { type Db, SQLSTATE, sqlState } from './db.js';
import { loadQueries } from './sql-files.js';
import type { Baseline, SummaryVersion, Vote } from './store.js';

interface SummaryRow {
  run_id: string;
  version: number;
  author: string;
  body: string;
  created_at: Date;
}
interface VoteRow {
  run_id: string;
  target: string;
  voter: string;
  value: number;
  comment: string | null;
  created_at: Date;
}
interface BaselineRow {
  service: string;
  run_id: string;
  set_by: string;
  set_at: Date;
}

const toSummary = (r: SummaryRow): SummaryVersion => ({
  runId: r.run_id,
  version: r.version,
  author: r.author,
  body: r.body,
  createdAt: r.created_at,
});
const toVote = (r: VoteRow): Vote => ({
  runId: r.run_id,
  target: r.target,
  voter: r.voter,
  value: r.value === 1 ? 1 : -1,
  comment: r.comment,
  createdAt: r.created_at,
});
const toBaseline = (r: BaselineRow): Baseline => ({
  service: r.service,
  runId: r.run_id,
  setBy: r.set_by,
  setAt: r.set_at,
});

const notFound = (runId: string, cause?: unknown) =>
  new LoadLensError('NOT_FOUND', `run ${runId} not found`, { cause, details: { runId } });

/** What people add to a run: summary versions, votes, and the baseline choice. */
export type FeedbackRepo = ReturnType<typeof createFeedbackRepo>;

export function createFeedbackRepo(db: Db) {
  const q = loadQueries('feedback', [
    'lock_run',
    'insert_summary',
    'list_summaries',
    'upsert_vote',
    'list_votes',
    'run_for_baseline',
    'upsert_baseline',
    'get_baseline',
  ] as const);

  return {
    /**
     * Appends a version (max + 1). The run row is locked for the transaction, so concurrent
     * saves of one run queue up instead of computing the same version; the primary key on
     * (run_id, version) is the backstop.
     */
    addSummaryVersion(runId: string, author: string, body: string): Promise<SummaryVersion> {
      return db.tx(async (t) => {
        if ((await t.query(q.lock_run, [runId])).length === 0) throw notFound(runId);
        const [row] = await t.query<SummaryRow>(q.insert_summary, [runId, author, body]);
        return toSummary(row!);
      });
    },

    async listSummaryVersions(runId: string): Promise<SummaryVersion[]> {
      return (await db.query<SummaryRow>(q.list_summaries, [runId])).map(toSummary);
    },

    /** One vote per (run, target, voter): voting again replaces value, comment and time. */
    async putVote(vote: Omit<Vote, 'createdAt'>): Promise<Vote> {
      if (vote.value !== 1 && vote.value !== -1) {
        throw new LoadLensError('BAD_INPUT', `vote value must be 1 or -1 (got ${String(vote.value)})`);
      }
      try {
        const [row] = await db.query<VoteRow>(q.upsert_vote, [
          vote.runId,
          vote.target,
          vote.voter,
          vote.value,
          vote.comment ?? null,
        ]);
        return toVote(row!);
      } catch (err) {
        if (sqlState(err) === SQLSTATE.foreignKeyViolation) throw notFound(vote.runId, err);
        throw err;
      }
    },

    async listVotes(runId: string): Promise<Vote[]> {
      return (await db.query<VoteRow>(q.list_votes, [runId])).map(toVote);
    },

    /** Refuses unknown runs (NOT_FOUND), invalid runs and runs of another service (BAD_INPUT). */
    setBaseline(service: string, runId: string, setBy: string): Promise<Baseline> {
      return db.tx(async (t) => {
        const [run] = await t.query<{ service: string | null; invalid: boolean }>(q.run_for_baseline, [
          runId,
        ]);
        if (!run) throw notFound(runId);
        if (run.invalid) {
          throw new LoadLensError('BAD_INPUT', `run ${runId} is marked invalid and cannot be a baseline`, {
            details: { runId },
          });
        }
        if (run.service !== service) {
          throw new LoadLensError(
            'BAD_INPUT',
            `run ${runId} belongs to service ${run.service ?? '(none)'}, not ${service}`,
            { details: { runId, service } },
          );
        }
        const [row] = await t.query<BaselineRow>(q.upsert_baseline, [service, runId, setBy]);
        return toBaseline(row!);
      });
    },

    async getBaseline(service: string): Promise<Baseline | null> {
      const [row] = await db.query<BaselineRow>(q.get_baseline, [service]);
      return row ? toBaseline(row) : null;
    },
  };
}
