import type { AppConfig } from '../config/load-config.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { InfluxSource, PromSource } from '../sources/source.js';
import type { Store } from '../store/store.js';

/** Everything one report needs, passed in as one argument (no singletons). */
export interface EngineContext {
  config: AppConfig;
  store: Store;
  logger: Logger;
  clock: Clock;
  /** Metric sources; absent ones make their domains `no_data` with a reason. */
  sources: { prom?: PromSource; influx?: InfluxSource };
}
