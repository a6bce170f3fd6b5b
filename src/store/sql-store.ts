import { type Clock, systemClock } from '../core/clock.js';
import { createAlertIncidentsRepo } from './alerts.repo.js';
import { createChatSlosRepo } from './chat-slos.repo.js';
import type { Db } from './db.js';
import { createDeliveryRepo } from './delivery.repo.js';
import { createFeedbackRepo } from './feedback.repo.js';
import { createNarrativesRepo } from './narratives.repo.js';
import { createOpsRepo } from './ops.repo.js';
import { createRetentionRepo } from './retention.repo.js';
import { createRunsRepo } from './runs.repo.js';
import { createSeenRequestsRepo } from './seen-requests.repo.js';
import { createSeriesRepo } from './series.repo.js';
import type { Store } from './store.js';

export interface SqlStoreOptions {
  /** Whether `points` is a TimescaleDB hypertable (reported in `backend`). */
  timescale?: boolean;
  /** Time source for generated ids (ULIDs sort by it). */
  clock?: Clock;
}

/**
 * The one `Store` implementation, over any `Db` (PostgreSQL pool or PGlite) whose schema is
 * migrated. Ids are ULIDs (see `ids.ts`); finding ids are `<domain>.<n>` within a run.
 * `listRuns` returns newest-created first (default limit 100, at most 1000); `since`/`until`
 * bound the window start as since ≤ from < until. `close()` closes the Db.
 */
export function createSqlStore(db: Db, opts: SqlStoreOptions = {}): Store {
  const now = () => (opts.clock ?? systemClock).now();
  const series = createSeriesRepo(db);
  const runs = createRunsRepo(db, series, now);
  const feedback = createFeedbackRepo(db);
  const ops = createOpsRepo(db, now);
  return {
    backend: { kind: db.kind, timescale: opts.timescale ?? false },
    delivery: createDeliveryRepo(db),
    alertIncidents: createAlertIncidentsRepo(db),
    narratives: createNarrativesRepo(db),
    chatSlos: createChatSlosRepo(db),
    retention: createRetentionRepo(db),
    seenRequests: createSeenRequestsRepo(db, now),
    saveRun: runs.saveRun,
    getRun: runs.getRun,
    listRuns: runs.listRuns,
    renameRun: runs.renameRun,
    setRunInvalid: runs.setRunInvalid,
    deleteRun: runs.deleteRun,
    latestRun: runs.latestRun,
    getSeries: series.get,
    getDomains: runs.getDomains,
    getFindings: runs.getFindings,
    addSummaryVersion: feedback.addSummaryVersion,
    listSummaryVersions: feedback.listSummaryVersions,
    putVote: feedback.putVote,
    listVotes: feedback.listVotes,
    setBaseline: feedback.setBaseline,
    getBaseline: feedback.getBaseline,
    putJob: ops.putJob,
    updateJob: ops.updateJob,
    getJob: ops.getJob,
    addAlertEvent: ops.addAlertEvent,
    listAlertEvents: ops.listAlertEvents,
    linkAlertRun: ops.linkAlertRun,
    getChatSettings: ops.getChatSettings,
    setChatSettings: ops.setChatSettings,
    close: () => db.close(),
  };
}
