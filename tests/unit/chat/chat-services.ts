import type { ChatServices } from '../../../src/chat/services.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { fixedClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { JOB_SCHEMAS, type JobMap } from '../../../src/pipeline/jobs/payloads.js';
import { createQueue } from '../../../src/pipeline/queue/queue.js';
import { createLinkBuilder, createLinkSigner } from '../../../src/web/signed-links.js';
import { recordingGateway } from '../../fakes/recording-gateway.js';
import { pgliteFactory } from '../store/pglite-harness.js';

export const NOW = Date.parse('2026-11-20T12:00:00Z');

/** ChatServices on PGlite, the in-process queue and a recording gateway (no worker runs). */
export async function chatServices(env: Record<string, string> = {}, files: Record<string, string> = {}) {
  const factory = pgliteFactory();
  const { store } = await factory.open();
  const config = loadConfig({
    env: { TELEGRAM_ALLOWED_CHATS: '-100,42', LOCALE: 'en', ...env },
    readFile: (p) => {
      const f = files[p];
      if (f === undefined) throw new Error(`ENOENT ${p}`);
      return f;
    },
  });
  const clock = fixedClock(NOW);
  const queue = await createQueue<JobMap>({ schemas: JOB_SCHEMAS, logger: silentLogger, clock });
  const tg = recordingGateway('telegram');
  const signer = createLinkSigner('s'.repeat(32), { now: () => clock.now() });
  const services: ChatServices = {
    config,
    store,
    queue,
    logger: silentLogger,
    clock,
    gateways: { telegram: tg.gateway },
    links: createLinkBuilder('https://ll.example.com', signer),
    sources: {},
  };
  return {
    services,
    tg,
    clock,
    async close() {
      await queue.close();
      await store.close();
      factory.cleanup();
    },
  };
}
