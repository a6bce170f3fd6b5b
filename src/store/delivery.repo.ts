import type { Db } from './db.js';
import type { DeliveryStore, StoredChart } from './delivery.store.js';
import { loadQueries } from './sql-files.js';

/** SQL implementation of the delivery store. */
export function createDeliveryRepo(db: Db): DeliveryStore {
  const q = loadQueries('chat.delivery', ['put_chart', 'list_charts', 'get_step', 'put_step']);
  return {
    async putCharts(runId: string, charts: StoredChart[]) {
      await db.tx(async (tx) => {
        let i = 0;
        for (const c of charts) await tx.query(q.put_chart, [runId, c.id, i++, c.title, c.png]);
      });
    },
    async listCharts(runId: string) {
      const rows = await db.query<{ chart_id: string; title: string; png: Uint8Array }>(q.list_charts, [
        runId,
      ]);
      return rows.map((r) => ({ id: r.chart_id, title: r.title, png: Buffer.from(r.png) }));
    },
    async getStep<T>(runId: string, chatKey: string, step: string) {
      const rows = await db.query<{ refs: T[] }>(q.get_step, [runId, chatKey, step]);
      return rows[0] ? rows[0].refs : null;
    },
    async putStep(runId: string, chatKey: string, step: string, refs: unknown[]) {
      await db.query(q.put_step, [runId, chatKey, step, JSON.stringify(refs)]);
    },
  };
}
