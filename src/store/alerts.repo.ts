import type { AlertIncident, AlertIncidentStore } from './alerts.store.js';
import type { Db } from './db.js';
import { newId } from './ids.js';
import { loadQueries } from './sql-files.js';

interface IncidentRow {
  id: string;
  group_key: string;
  state: AlertIncident['state'];
  starts_at: Date;
  opened_by: string;
  first_run_id: string | null;
  last_run_id: string | null;
  final_run_id: string | null;
  resolved_by: string | null;
  opened_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
}

const toIncident = (r: IncidentRow): AlertIncident => ({
  id: r.id,
  groupKey: r.group_key,
  state: r.state,
  startsAt: r.starts_at,
  openedBy: r.opened_by,
  firstRunId: r.first_run_id,
  lastRunId: r.last_run_id,
  finalRunId: r.final_run_id,
  resolvedBy: r.resolved_by,
  openedAt: r.opened_at,
  updatedAt: r.updated_at,
  resolvedAt: r.resolved_at,
});

/** SQL implementation of the alert incident store. */
export function createAlertIncidentsRepo(db: Db): AlertIncidentStore {
  const q = loadQueries('alert-incidents', [
    'insert_open',
    'touch_open',
    'take_over',
    'latest',
    'set_first_run',
    'set_last_run',
    'resolve',
    'insert_resolved',
    'abandon',
  ] as const);

  return {
    async open({ groupKey, startsAt, by, now, staleBefore }) {
      // The loop covers an incident resolved between our insert attempt and our read.
      for (let i = 0; i < 3; i++) {
        const [created] = await db.query<IncidentRow>(q.insert_open, [
          newId(now.getTime()),
          groupKey,
          startsAt,
          by,
          now,
        ]);
        if (created) return { incident: toIncident(created), claimed: true };
        const [open] = await db.query<IncidentRow>(q.touch_open, [groupKey, startsAt]);
        if (!open) continue;
        if (open.opened_by === by) return { incident: toIncident(open), claimed: true };
        if (staleBefore && open.first_run_id === null) {
          const [taken] = await db.query<IncidentRow>(q.take_over, [
            open.id,
            by,
            open.opened_by,
            now,
            staleBefore,
          ]);
          if (taken) return { incident: toIncident(taken), claimed: true };
        }
        return { incident: toIncident(open), claimed: false };
      }
      throw new Error(`alert incident of ${groupKey}: open/resolve race did not settle`);
    },

    async latest(groupKey) {
      const [row] = await db.query<IncidentRow>(q.latest, [groupKey]);
      return row ? toIncident(row) : null;
    },

    async setRun(id, which, runId, now) {
      await db.query(which === 'first' ? q.set_first_run : q.set_last_run, [id, runId, now]);
    },

    async resolve(id, { by, finalRunId, at }) {
      const rows = await db.query(q.resolve, [id, by, finalRunId, at]);
      return rows.length > 0;
    },

    async openResolved({ groupKey, startsAt, by, at }) {
      const [row] = await db.query<IncidentRow>(q.insert_resolved, [
        newId(at.getTime()),
        groupKey,
        startsAt,
        by,
        at,
      ]);
      return toIncident(row as IncidentRow);
    },

    async abandon(id, by) {
      await db.query(q.abandon, [id, by]);
    },
  };
}
