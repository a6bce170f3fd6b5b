import { loadConfig } from '../../src/config/load-config.js';
import { silentLogger } from '../../src/core/logger.js';
import type { EngineContext } from '../../src/pipeline/engine-context.js';
import type { PromSource } from '../../src/sources/source.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';

/** A fresh in-memory PGlite store (opening one takes seconds: share it between contexts). */
export function labStore(): Promise<Store> {
  return openStore({ dataDir: 'memory://' });
}

/** An engine context on one Prometheus source (live or replayed) and the given store. */
export function labContext(prom: PromSource, store: Store): EngineContext {
  const config = loadConfig({ env: { LOCALE: 'en', TZ: 'UTC' } });
  return { config, store, logger: silentLogger, clock: { now: () => Date.now() }, sources: { prom } };
}
