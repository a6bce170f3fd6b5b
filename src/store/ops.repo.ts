import { z } from 'zod';
import { LoadLensError } from '../core/errors.js';
import { type Db, SQLSTATE, sqlState } from './db.js';
import { newId } from './ids.js';
import { jsonParam } from './rows.js';
import { loadQueries } from './sql-files.js';
import type { AlertEvent, ChatSettings, JobRecord, JobStatus } from './store.js';

interface JobRow {
  id: string;
  kind: string;
  status: JobStatus;
  payload: unknown;
  result: unknown;
  error: string | null;
  attempts: number;
  created_at: Date;
  updated_at: Date;
}
interface AlertRow {
  id: string;
  source: AlertEvent['source'];
  group_key: string;
  status: AlertEvent['status'];
  service: string | null;
  labels: Record<string, string>;
  payload: unknown;
  run_id: string | null;
  received_at: Date;
}
interface ChatRow {
  chat_key: string;
  service: string | null;
  tz: string | null;
  locale: 'ru' | 'en' | null;
}

const toJob = (r: JobRow): JobRecord => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  payload: r.payload,
  result: r.result,
  error: r.error,
  attempts: r.attempts,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
const toAlert = (r: AlertRow): AlertEvent => ({
  id: r.id,
  source: r.source,
  groupKey: r.group_key,
  status: r.status,
  service: r.service,
  labels: r.labels,
  payload: r.payload,
  runId: r.run_id,
  receivedAt: r.received_at,
});

const jobStatus = z.enum(['queued', 'active', 'done', 'failed']);
const tzSchema = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as Europe/Moscow' },
);
const chatPatch = z.object({
  service: z.string().min(1).nullable().optional(),
  tz: tzSchema.nullable().optional(),
  locale: z.enum(['ru', 'en']).nullable().optional(),
});

const DEFAULT_ALERT_LIMIT = 100;

/** Operational records: job history, alert webhook events and per-chat settings. */
export type OpsRepo = ReturnType<typeof createOpsRepo>;

export function createOpsRepo(db: Db, now: () => number) {
  const jobs = loadQueries('jobs', ['upsert_job', 'update_job', 'get_job'] as const);
  const alerts = loadQueries('alerts', ['insert_alert', 'list_alerts', 'link_alert'] as const);
  const chat = loadQueries('chat', ['get_chat', 'upsert_chat'] as const);

  return {
    /** Creates the job as `queued`; an existing id is re-queued (kind and payload replaced, attempts kept). */
    async putJob(job: Pick<JobRecord, 'id' | 'kind' | 'payload'>): Promise<JobRecord> {
      const [row] = await db.query<JobRow>(jobs.upsert_job, [job.id, job.kind, jsonParam(job.payload)]);
      return toJob(row!);
    },

    /** Changes only the fields present in `patch`; NOT_FOUND for an unknown id. */
    async updateJob(
      id: string,
      patch: Partial<Pick<JobRecord, 'status' | 'result' | 'error' | 'attempts'>>,
    ): Promise<void> {
      if (patch.status !== undefined && !jobStatus.safeParse(patch.status).success) {
        throw new LoadLensError('BAD_INPUT', `job status must be queued, active, done or failed`);
      }
      if (patch.attempts !== undefined && !(Number.isInteger(patch.attempts) && patch.attempts >= 0)) {
        throw new LoadLensError('BAD_INPUT', 'job attempts must be a whole number ≥ 0');
      }
      // A field set to undefined counts as absent; null is a value (it clears error or result).
      const has = (k: keyof typeof patch) => patch[k] !== undefined;
      const rows = await db.query(jobs.update_job, [
        id,
        has('status'),
        patch.status ?? null,
        has('result'),
        jsonParam(patch.result),
        has('error'),
        patch.error ?? null,
        has('attempts'),
        patch.attempts ?? null,
      ]);
      if (rows.length === 0) throw new LoadLensError('NOT_FOUND', `job ${id} not found`, { details: { id } });
    },

    async getJob(id: string): Promise<JobRecord | null> {
      const [row] = await db.query<JobRow>(jobs.get_job, [id]);
      return row ? toJob(row) : null;
    },

    async addAlertEvent(
      e: Omit<AlertEvent, 'id' | 'receivedAt'> & { receivedAt?: Date },
    ): Promise<AlertEvent> {
      try {
        const [row] = await db.query<AlertRow>(alerts.insert_alert, [
          newId(now()),
          e.source,
          e.groupKey,
          e.status,
          e.service,
          jsonParam(e.labels ?? {}),
          jsonParam(e.payload),
          e.runId ?? null,
          e.receivedAt ?? null,
        ]);
        return toAlert(row!);
      } catch (err) {
        if (sqlState(err) === SQLSTATE.checkViolation) {
          throw new LoadLensError('BAD_INPUT', `alert event: bad source or status`, { cause: err });
        }
        if (sqlState(err) === SQLSTATE.foreignKeyViolation) {
          throw new LoadLensError('NOT_FOUND', `run ${e.runId} not found`, { cause: err });
        }
        throw err;
      }
    },

    /** Newest first; default limit 100. */
    async listAlertEvents(filter: { groupKey?: string; limit?: number } = {}): Promise<AlertEvent[]> {
      const limit = Math.min(Math.max(Math.trunc(filter.limit ?? DEFAULT_ALERT_LIMIT), 0), 1_000);
      const rows = await db.query<AlertRow>(alerts.list_alerts, [filter.groupKey ?? null, limit]);
      return rows.map(toAlert);
    },

    /** NOT_FOUND when the event or the run does not exist. */
    async linkAlertRun(eventId: string, runId: string): Promise<void> {
      let rows: unknown[];
      try {
        rows = await db.query(alerts.link_alert, [eventId, runId]);
      } catch (err) {
        if (sqlState(err) === SQLSTATE.foreignKeyViolation) {
          throw new LoadLensError('NOT_FOUND', `run ${runId} not found`, { cause: err });
        }
        throw err;
      }
      if (rows.length === 0) throw new LoadLensError('NOT_FOUND', `alert event ${eventId} not found`);
    },

    /** Settings of a chat; all null when it never set any. */
    async getChatSettings(chatKey: string): Promise<ChatSettings> {
      const [row] = await db.query<ChatRow>(chat.get_chat, [chatKey]);
      return row ? toChat(row) : { chatKey, service: null, tz: null, locale: null };
    },

    /** Changes only the named fields (null clears one); BAD_INPUT for an unknown time zone or locale. */
    async setChatSettings(
      chatKey: string,
      patch: Partial<Omit<ChatSettings, 'chatKey'>>,
    ): Promise<ChatSettings> {
      const parsed = chatPatch.safeParse(patch);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new LoadLensError('BAD_INPUT', `chat settings ${issue?.path.join('.')}: ${issue?.message}`);
      }
      const p = parsed.data;
      const [row] = await db.query<ChatRow>(chat.upsert_chat, [
        chatKey,
        p.service !== undefined,
        p.service ?? null,
        p.tz !== undefined,
        p.tz ?? null,
        p.locale !== undefined,
        p.locale ?? null,
      ]);
      return toChat(row!);
    },
  };
}

function toChat(r: ChatRow): ChatSettings {
  return { chatKey: r.chat_key, service: r.service, tz: r.tz, locale: r.locale };
}
