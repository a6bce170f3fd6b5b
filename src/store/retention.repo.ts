import type { Db } from './db.js';
import { loadQueries } from './sql-files.js';

/** Trims records that only matter for a while, so the store does not grow with every report. */
export interface RetentionStore {
  /**
   * Deletes delivery steps recorded before `olderThan`; returns how many. Safe once the
   * queue has forgotten the jobs that could retry them (`QUEUE_KEEP_AGE_SEC` is far shorter).
   */
  trimDeliveries(olderThan: Date): Promise<number>;
}

/** SQL implementation of the retention store. */
export function createRetentionRepo(db: Db): RetentionStore {
  const q = loadQueries('retention', ['trim_deliveries']);
  return {
    async trimDeliveries(olderThan) {
      const rows = await db.query<{ n: number }>(q.trim_deliveries, [olderThan]);
      return rows[0]?.n ?? 0;
    },
  };
}
