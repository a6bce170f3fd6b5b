import type { Locale } from '../analysis/report.types.js';
import { LoadLensError } from '../core/errors.js';
import { servicesText } from '../i18n/services-text.js';

/** The part of a run the guard reads. */
interface RunRef {
  id: string;
  name: string;
  service: string | null;
}

/**
 * Refuses to compare runs of two different services unless forced: a regression verdict
 * between `orders` and `payments` would be noise with a confident face. Runs with no
 * service (unscoped) compare with anything.
 */
export function assertSameService(a: RunRef, b: RunRef, force: boolean, locale: Locale): void {
  if (force || !a.service || !b.service || a.service === b.service) return;
  throw new LoadLensError(
    'BAD_INPUT',
    servicesText(locale, 'differentServices', {
      a: a.name,
      b: b.name,
      sa: a.service,
      sb: b.service,
    }),
    { details: { a: a.id, b: b.id, serviceA: a.service, serviceB: b.service } },
  );
}
