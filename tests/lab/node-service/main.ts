/**
 * The lab's Node service ("orders-node"): express on a small `pg` pool, instrumented as in
 * production with prom-client default metrics and express-prom-bundle on `/metrics`, plus
 * OpenTelemetry on its own port: otel.ts, preloaded with `node --import` as OTel's Node
 * instrumentation must be (a static import here would be hoisted after express's). Every
 * request holds a pool connection for a query of ~10 ms, so under enough connections the
 * pool (not CPU) is the bottleneck.
 *
 * Environment: PORT, OTEL_PORT, PG_URL, POOL_MAX (default 4), QUERY_SLEEP_S (default 0.01).
 */

import express from 'express';
import promBundle from 'express-prom-bundle';
import pg from 'pg';
import promClient from 'prom-client';

const port = Number(process.env.PORT);
const pgUrl = process.env.PG_URL;
if (!Number.isInteger(port) || port <= 0 || !pgUrl) throw new Error('PORT and PG_URL are required');
const poolMax = Number(process.env.POOL_MAX ?? 4);
const sleepS = Number(process.env.QUERY_SLEEP_S ?? 0.01);

const pool = new pg.Pool({ connectionString: pgUrl, max: poolMax, idleTimeoutMillis: 0 });
// A dropped connection must not crash the service; the request that used it gets a 500.
pool.on('error', () => {});

// Pool gauges as services hand-roll them next to express-prom-bundle.
new promClient.Gauge({
  name: 'pg_pool_connections',
  help: 'Connections of the pg pool by state',
  labelNames: ['state'],
  collect() {
    this.set({ state: 'total' }, pool.totalCount);
    this.set({ state: 'idle' }, pool.idleCount);
  },
});
new promClient.Gauge({
  name: 'pg_pool_waiting',
  help: 'Requests waiting for a pg pool connection',
  collect() {
    this.set(pool.waitingCount);
  },
});
new promClient.Gauge({
  name: 'pg_pool_max',
  help: 'Configured size of the pg pool',
  collect() {
    this.set(poolMax);
  },
});

const app = express();
app.use(
  promBundle({
    includeMethod: true,
    includePath: true,
    includeStatusCode: true,
    // The bundle's own `up` gauge would clash with the one Prometheus writes per target.
    includeUp: false,
    promClient: { collectDefaultMetrics: {} },
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  }),
);
app.get('/healthz', (_req, res) => {
  res.send('ok');
});
app.get('/orders/:id', async (req, res) => {
  try {
    const r = await pool.query('select $1::int as id, pg_sleep($2) is null as slept', [
      Number(req.params.id) || 0,
      sleepS,
    ]);
    res.json({ id: r.rows[0]?.id, status: 'shipped' });
  } catch (err) {
    res.status(500).json({ error: err instanceof Error ? err.message : String(err) });
  }
});

const server = app.listen(port, '127.0.0.1');
const stop = (): void => {
  server.close();
  void pool.end().finally(() => process.exit(0));
  // Keep-alive clients may hold the server open: do not wait for them.
  setTimeout(() => process.exit(0), 2_000).unref();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
