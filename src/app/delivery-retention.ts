import type { ChatServices } from '../chat/services.js';

const DAY_MS = 86_400_000;
/** How often a worker trims; any worker may, the delete is idempotent. */
export const RETENTION_INTERVAL_MS = 3_600_000;

/**
 * Trims the store's delivery records older than `DELIVERY_KEEP_DAYS` now and then every
 * `intervalMs`. A failure (database down) is logged and tried again at the next tick: it
 * never stops a worker.
 */
export function startDeliveryRetention(
  services: Pick<ChatServices, 'store' | 'config' | 'clock' | 'logger'>,
  intervalMs = RETENTION_INTERVAL_MS,
): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const trim = () => {
    const before = new Date(services.clock.now() - services.config.env.DELIVERY_KEEP_DAYS * DAY_MS);
    running = services.store.retention.trimDeliveries(before).then(
      (n) => {
        if (n > 0) services.logger.info('trimmed old delivery records', { deleted: n, before });
      },
      (err: unknown) => services.logger.warn('delivery retention failed; will retry', { err }),
    );
  };
  trim();
  const timer = setInterval(trim, intervalMs);
  // A timer must not keep a finished CLI or test process alive.
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
