import type { Feature } from '../app/features.js';
import { apiRoutes } from './api-routes.js';
import { compareRoutes } from './compare-routes.js';
import type { Route } from './http-server.js';
import { pageRoutes } from './page-routes.js';
import { createPdfRenderer } from './pdf.js';
import { staticRoutes } from './static-assets.js';
import { createWebContext, type WebDeps } from './web-context.js';

/**
 * Every route of the web view: static assets, the pages (`/r/:id`, `/r/:id/pdf`, `/runs`,
 * `/compare/:a/:b`) and the JSON endpoints under `/api/runs/:id`.
 */
export function createWebRoutes(deps: WebDeps): Route[] {
  const ctx = createWebContext(deps);
  return [...staticRoutes(), ...pageRoutes(ctx), ...compareRoutes(ctx), ...apiRoutes(ctx)];
}

/**
 * The web view on the shared HTTP server. Needs LOADLENS_SECRET (links are signed with it);
 * without it the feature stays off, since no link could be verified. The PDF browser is
 * launched on the first export and closed at stop.
 */
export const webFeature: Feature = async ({ services, http }) => {
  const env = services.config.env;
  if (!services.signer || !env.LOADLENS_SECRET) {
    services.logger.warn('web view disabled: set LOADLENS_SECRET (and PUBLIC_URL) to serve report pages');
    return null;
  }
  const pdf = createPdfRenderer({ executablePath: env.CHROMIUM_PATH, logger: services.logger });
  http.add(
    ...createWebRoutes({
      config: services.config,
      store: services.store,
      signer: services.signer,
      secret: env.LOADLENS_SECRET,
      logger: services.logger.child({ feature: 'web' }),
      clock: services.clock,
      pdf,
    }),
  );
  if (!env.PUBLIC_URL) services.logger.warn('PUBLIC_URL is unset: chat messages will carry no report links');
  return { name: 'web', stop: () => pdf.close() };
};
