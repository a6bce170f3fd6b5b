import { inject } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { EngineContext } from '../../../src/pipeline/engine-context.js';
import { createInflux1Source } from '../../../src/sources/influx-client.js';
import { createPrometheusSource } from '../../../src/sources/prometheus-client.js';
import { openStore } from '../../../src/store/open-store.js';

/** An engine context on the harness's real Prometheus/InfluxDB and a fresh in-memory PGlite store. */
export async function engineContext(env: Record<string, string> = {}): Promise<EngineContext> {
  const config = loadConfig({ env: { LOCALE: 'en', TZ: 'UTC', ...env } });
  const store = await openStore({ dataDir: 'memory://' });
  return {
    config,
    store,
    logger: silentLogger,
    clock: { now: () => Date.now() },
    sources: {
      prom: createPrometheusSource({ url: env.PROMETHEUS_URL ?? inject('promUrl') }),
      influx: createInflux1Source({ url: inject('influxUrl'), db: inject('influxDb') }),
    },
  };
}
