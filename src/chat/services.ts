import type { AppConfig } from '../config/load-config.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { ConfiguredLlm } from '../llm/create-provider.js';
import type { Faults } from '../pipeline/faults.js';
import type { JobMap } from '../pipeline/jobs/payloads.js';
import type { JobQueue } from '../pipeline/queue/queue.js';
import type { InfluxSource, PromSource } from '../sources/source.js';
import type { Store } from '../store/store.js';
import type { LinkBuilder } from '../web/signed-links.js';
import type { ChatGateway, Platform } from './chat.types.js';

/**
 * Everything commands and jobs use, built once by the composition root and handed to
 * each request as part of its context. Nothing here is a module singleton.
 */
export interface ChatServices {
  config: AppConfig;
  store: Store;
  queue: JobQueue<JobMap>;
  logger: Logger;
  clock: Clock;
  /** Outbound gateways of the platforms that are configured. */
  gateways: Partial<Record<Platform, ChatGateway>>;
  links: LinkBuilder;
  sources: { prom?: PromSource; influx?: InfluxSource };
  /** The optional LLM (LLM_PROVIDER); numbers and verdicts never depend on it. */
  llm?: ConfiguredLlm;
  /** TEST ONLY fault-injection seam at delivery step boundaries; none when absent. */
  faults?: Faults;
}
