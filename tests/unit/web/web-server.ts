import { loadConfig } from '../../../src/config/load-config.js';
import type { Clock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { Store } from '../../../src/store/store.js';
import { createHttpServer, type HttpServer } from '../../../src/web/http-server.js';
import type { PdfRenderer } from '../../../src/web/pdf.js';
import { createLinkSigner, type LinkSigner } from '../../../src/web/signed-links.js';
import { createWebRoutes } from '../../../src/web/web-feature.js';

export const WEB_SECRET = 'web-test-secret-0123456789abcdef';

/** A PDF renderer that records the HTML it was given and returns a fake PDF. */
export function recordingPdf(): PdfRenderer & { html: string[] } {
  const html: string[] = [];
  return {
    html,
    render: async (h) => {
      html.push(h);
      return Buffer.from('%PDF-1.4 fake');
    },
    close: async () => undefined,
  };
}

export interface WebServer {
  http: HttpServer;
  base: string;
  signer: LinkSigner;
  close(): Promise<void>;
}

/** The web view's routes on the shared server, on 127.0.0.1 and a free port. */
export async function startWebServer(
  store: Store,
  opts: { pdf?: PdfRenderer; clock?: Clock; env?: Record<string, string> } = {},
): Promise<WebServer> {
  const clock = opts.clock ?? { now: () => Date.now() };
  const config = loadConfig({ env: { LOADLENS_SECRET: WEB_SECRET, TZ: 'UTC', LOCALE: 'en', ...opts.env } });
  const signer = createLinkSigner(WEB_SECRET, { now: () => clock.now() });
  const http = createHttpServer({ logger: silentLogger });
  http.add(
    ...createWebRoutes({
      config,
      store,
      signer,
      secret: WEB_SECRET,
      logger: silentLogger,
      clock,
      pdf: opts.pdf ?? recordingPdf(),
    }),
  );
  const port = await http.listen(0, '127.0.0.1');
  return { http, base: `http://127.0.0.1:${port}`, signer, close: () => http.close() };
}

/**
 * A minimal browser: keeps the cookies it is given (ignoring paths; the server checks each
 * session's target anyway) and sends same-origin writes with the page's CSRF token.
 */
export function webClient(base: string) {
  const jar = new Map<string, string>();
  let csrf = '';
  const cookie = () => [...jar.values()].join('; ');
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0]!;
      const name = pair.slice(0, pair.indexOf('='));
      jar.set(`${name} ${/Path=([^;]+)/.exec(c)?.[1] ?? '/'}`, pair);
    }
  };
  return {
    jar,
    async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
      const res = await fetch(base + path, { headers: { cookie: cookie(), ...headers }, redirect: 'manual' });
      keep(res);
      return res;
    },
    /** Opens a page and remembers its CSRF token. */
    async page(path: string, headers: Record<string, string> = {}): Promise<{ res: Response; html: string }> {
      const res = await this.get(path, headers);
      const html = await res.text();
      csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(html)?.[1] ?? csrf;
      return { res, html };
    },
    async send(
      method: 'POST' | 'PUT' | 'DELETE',
      path: string,
      body: unknown,
      headers: Record<string, string> = {},
    ): Promise<Response> {
      const res = await fetch(base + path, {
        method,
        headers: {
          cookie: cookie(),
          origin: base,
          'content-type': 'application/json',
          'x-csrf-token': csrf,
          ...headers,
        },
        body: JSON.stringify(body),
      });
      keep(res);
      return res;
    },
  };
}
