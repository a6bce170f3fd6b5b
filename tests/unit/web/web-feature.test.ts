import { describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/app/create-services.js';
import { FEATURES } from '../../../src/app/features.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { HttpServer, Route } from '../../../src/web/http-server.js';
import { createLinkSigner } from '../../../src/web/signed-links.js';
import { webFeature } from '../../../src/web/web-feature.js';

function host(env: Record<string, string>) {
  const routes: Route[] = [];
  const config = loadConfig({ env });
  const services = {
    config,
    store: {},
    logger: silentLogger,
    clock: systemClock,
    signer: config.env.LOADLENS_SECRET ? createLinkSigner(config.env.LOADLENS_SECRET) : undefined,
  } as unknown as AppServices;
  const http = { add: (...r: Route[]) => routes.push(...r) } as unknown as HttpServer;
  return { routes, services, http };
}

describe('web feature', () => {
  it('is one of the served features', () => {
    expect(FEATURES).toContain(webFeature);
  });

  it('stays off without LOADLENS_SECRET, since no link could be verified', async () => {
    const h = host({});
    expect(await webFeature(h)).toBeNull();
    expect(h.routes).toEqual([]);
  });

  it('adds the pages, JSON endpoints and assets on the shared server', async () => {
    const h = host({ LOADLENS_SECRET: 'feature-secret-0123456789', PUBLIC_URL: 'https://lens.example' });
    const running = await webFeature(h);
    expect(running?.name).toBe('web');
    const paths = h.routes.map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'GET /r/:id',
        'GET /r/:id/pdf',
        'GET /runs',
        'GET /compare/:a/:b',
        'GET /api/runs/:id/series',
        'POST /api/runs/:id/summary',
        'POST /api/runs/:id/votes',
        'PUT /api/runs/:id',
        'DELETE /api/runs/:id',
        'GET /static/:name',
      ]),
    );
    await running?.stop();
  });
});
