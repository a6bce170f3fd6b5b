import { GlobalFonts } from '@napi-rs/canvas';
import { assetPath } from '../core/assets.js';
import { LoadLensError } from '../core/errors.js';

/** Family name under which the bundled DejaVu fonts are registered. */
export const CHART_FONT_FAMILY = 'LoadLens Sans';

/**
 * CSS font-family list handed to Chart.js. The name is quoted because it has a space;
 * the generic fallback only matters if registration somehow failed.
 */
export const CHART_FONT_STACK = `'${CHART_FONT_FAMILY}', sans-serif`;

/**
 * Registers the bundled DejaVu Sans (regular and bold, both cover Cyrillic) with the
 * canvas font manager, so Russian titles render on a bare server without system fonts.
 * Idempotent: the font manager is process-wide, so a second call is a cheap no-op.
 */
export function ensureChartFonts(resolve: (...segments: string[]) => string = assetPath): void {
  if (GlobalFonts.has(CHART_FONT_FAMILY)) return;
  for (const file of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']) {
    const path = resolve('assets', 'fonts', file);
    const key = GlobalFonts.registerFromPath(path, CHART_FONT_FAMILY);
    if (!key) {
      throw new LoadLensError('RENDER_FAILED', `cannot register chart font ${path}`, {
        details: { path },
        retryable: false,
      });
    }
  }
}
