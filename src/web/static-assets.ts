import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { assetPath } from '../core/assets.js';
import { LoadLensError } from '../core/errors.js';
import { type ChartTheme, chartTheme } from '../render/chart-theme.js';
import { reportCss } from '../render/html-style.js';
import type { Route } from './http-server.js';
import { applySecurityHeaders } from './security-headers.js';

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

/** The browser build of Chart.js, wherever npm placed the package. */
function chartJsPath(): string {
  const main = createRequire(import.meta.url).resolve('chart.js');
  return join(dirname(main), 'chart.umd.js');
}

const own = (name: string) => readFileSync(assetPath('src', 'web', 'assets', name));

/** The theme variables block of the static report's stylesheet (`:root{…}`), reused for the toggle. */
function reportVars(theme: 'light' | 'dark'): string {
  return /^:root\{([^}]*)\}/.exec(reportCss(theme))?.[1] ?? '';
}

/** Chart colours as CSS variables, from the same themes the PNG charts use. */
function chartVars(t: ChartTheme): string {
  return [
    ...t.palette.map((c, i) => `--chart-${i + 1}:${c}`),
    `--chart-limit:${t.limit}`,
    `--chart-other:${t.other}`,
    `--chart-grid:${t.grid}`,
    `--chart-text:${t.text}`,
    `--chart-muted:${t.mutedText}`,
    `--chart-step:${t.stepBand}`,
    `--chart-step-line:${t.stepLine}`,
    `--chart-peak:${t.peakBand}`,
    `--chart-peak-text:${t.peakText}`,
    `--chart-drop:${t.drop}`,
  ].join(';');
}

/**
 * The page stylesheet: the static report's CSS (following the system theme), the chart
 * colours, overrides for an explicit theme choice (`data-theme` on `<html>`, set by the
 * toggle), then the web view's own rules from `assets/app.css`.
 */
export function buildAppCss(): string {
  const light = chartVars(chartTheme('light'));
  const dark = chartVars(chartTheme('dark'));
  return `${reportCss('auto')}
:root{${light}}
@media (prefers-color-scheme: dark){:root{${dark}}}
:root[data-theme="light"]{${reportVars('light')};${light}}
:root[data-theme="dark"]{${reportVars('dark')};${dark}}
${own('app.css').toString('utf8')}`;
}

const JS = 'text/javascript; charset=utf-8';

/** Every file under `/static/`, read once on first request. */
function loadAssets(): Map<string, Asset> {
  const make = (body: Buffer | string, type: string): Asset => {
    const buf = Buffer.isBuffer(body) ? body : Buffer.from(body);
    return {
      body: buf,
      type,
      etag: `"${createHash('sha256').update(buf).digest('base64url').slice(0, 22)}"`,
    };
  };
  return new Map([
    ['chart.umd.js', make(readFileSync(chartJsPath()), JS)],
    ['common.js', make(own('common.js'), JS)],
    ['chart-kit.js', make(own('chart-kit.js'), JS)],
    ['charts.js', make(own('charts.js'), JS)],
    ['report.js', make(own('report.js'), JS)],
    ['runs.js', make(own('runs.js'), JS)],
    ['app.css', make(buildAppCss(), 'text/css; charset=utf-8')],
  ]);
}

/** `/static/:name`: a fixed set of files, with ETags; nothing is read from the URL path. */
export function staticRoutes(): Route[] {
  let assets: Map<string, Asset> | null = null;
  return [
    {
      // Browsers ask for it on every page; an empty answer keeps the logs and consoles clean.
      method: 'GET',
      path: '/favicon.ico',
      handler: ({ res }) => {
        applySecurityHeaders(res);
        res.writeHead(204, { 'cache-control': 'public, max-age=86400' });
        res.end();
      },
    },
    {
      method: 'GET',
      path: '/static/:name',
      handler: ({ req, res, params }) => {
        assets ??= loadAssets();
        const asset = assets.get(params.name ?? '');
        if (!asset) throw new LoadLensError('NOT_FOUND', 'no such asset');
        applySecurityHeaders(res);
        res.setHeader('etag', asset.etag);
        res.setHeader('cache-control', 'public, max-age=300, must-revalidate');
        if (req.headers['if-none-match'] === asset.etag) {
          res.writeHead(304);
          res.end();
          return;
        }
        res.writeHead(200, { 'content-type': asset.type, 'content-length': asset.body.length });
        res.end(asset.body);
      },
    },
  ];
}
