import type { ServiceConfig } from '../config/file.schema.js';
import type { AppConfig } from '../config/load-config.js';
import { LoadLensError } from '../core/errors.js';

/** The service a report is about, after looking it up in the YAML catalogue. */
export interface ResolvedService {
  name: string | null;
  selector: string;
  slos: string[];
  config: ServiceConfig | undefined;
}

/**
 * Resolves a service name against the catalogue. With no catalogue at all a name is
 * only a tag (zero-config); with one, an unknown name is an error listing known names.
 * An explicit selector or SLO list overrides the catalogue's.
 */
export function resolveService(
  config: AppConfig,
  name: string | null | undefined,
  overrides: { selector?: string; slos?: string[] } = {},
): ResolvedService {
  const services = config.file.services;
  const known = Object.keys(services);
  let svc: ServiceConfig | undefined;
  if (name) {
    svc = services[name];
    if (!svc && known.length > 0) {
      throw new LoadLensError(
        'UNKNOWN_SERVICE',
        `unknown service "${name}"; known services: ${known.join(', ')}`,
        {
          details: { service: name, known: known.join(', ') },
        },
      );
    }
  }
  return {
    name: name ?? null,
    selector: overrides.selector ?? svc?.selector ?? '',
    slos: overrides.slos && overrides.slos.length > 0 ? overrides.slos : (svc?.slo ?? []),
    config: svc,
  };
}
