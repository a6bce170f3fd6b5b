import type { PanelData } from '../sources/series.js';
import { planCharts } from './chart-plan.js';
import { sharedRenderPool } from './chart-renderer.js';
import type { ChartMarkers, RenderedChart } from './chart-spec.js';
import type { ChartThemeName } from './chart-theme.js';
import type { ChartRenderer } from './render-messages.js';

/** Input of {@link renderCharts}. */
export interface RenderChartsInput {
  panels: PanelData[];
  markers: ChartMarkers;
  locale: 'ru' | 'en';
  tz: string;
  theme?: ChartThemeName;
  width?: number;
  height?: number;
}

/**
 * Plans the report's charts from its panels and renders them to PNG, in plan order, on
 * `renderer` (default: the shared worker pool, so the event loop stays free meanwhile).
 * Imports neither Chart.js nor Skia: only the workers load them.
 */
export async function renderCharts(
  input: RenderChartsInput,
  renderer: ChartRenderer = sharedRenderPool(),
): Promise<RenderedChart[]> {
  const specs = planCharts(input.panels, input.locale);
  return renderer.render(
    specs.map((spec) => ({
      spec,
      opts: {
        locale: input.locale,
        tz: input.tz,
        markers: input.markers,
        ...(input.theme ? { theme: input.theme } : {}),
        ...(input.width ? { width: input.width } : {}),
        ...(input.height ? { height: input.height } : {}),
      },
    })),
  );
}
