import type { DomainId, ReportJson } from '../analysis/report.types.js';
import type { PanelData } from '../sources/series.js';
import { chartPanels, planCharts } from './chart-plan.js';
import { sharedRenderPool } from './chart-renderer.js';
import type { ChartMarkers, RenderedChart } from './chart-spec.js';
import type { ChartThemeName } from './chart-theme.js';
import type { ChartRenderer } from './render-messages.js';

/** A chat album holds at most this many charts: more are unreadable thumbnails on a phone. */
export const ALBUM_MAX = 4;

/** The charts that carry the verdict, in album order. */
const VERDICT_CHARTS = ['load_throughput', 'latency', 'errors'] as const;

/** Resource charts per domain, the likelier saturation signal first. */
const RESOURCE_CHARTS: Partial<Record<DomainId, readonly string[]>> = {
  database: ['db_pool'],
  jvm: ['jvm_gc', 'jvm_heap'],
  kafka: ['kafka_lag'],
  infra: ['infra_cpu', 'infra_memory'],
};

// A partial domain is missing data, not saturated: it does not earn a chart by its status.
const STATUS_RANK = { fail: 2, risk: 1, partial: 0, ok: 0, no_data: 0 } as const;

/** The report fields the album choice reads. */
export type AlbumReport = Pick<ReportJson, 'bottleneck' | 'domains'>;

/**
 * The resource domain to show: the report's bottleneck, else the resource domain in the
 * worst state (fail, then risk); none when every resource held.
 */
function resourceDomain(report: AlbumReport): DomainId | null {
  if (report.bottleneck && RESOURCE_CHARTS[report.bottleneck]) return report.bottleneck;
  let best: { id: DomainId; rank: number } | null = null;
  for (const d of report.domains) {
    if (!RESOURCE_CHARTS[d.id]) continue;
    const rank = STATUS_RANK[d.status] ?? 0;
    if (rank > 0 && (!best || rank > best.rank)) best = { id: d.id, rank };
  }
  return best?.id ?? null;
}

/**
 * The resource chart of a domain: the one whose panels the domain's first finding names
 * (a heap finding shows the heap), else the domain's first chart that exists.
 */
function resourceChart(domain: DomainId, report: AlbumReport, available: ReadonlySet<string>): string | null {
  const candidates = (RESOURCE_CHARTS[domain] ?? []).filter((id) => available.has(id));
  const metrics = (report.domains.find((d) => d.id === domain)?.findings ?? []).map((f) => f.metric);
  for (const metric of metrics) {
    const hit = candidates.find((id) =>
      chartPanels(id).some((p) => metric === `${p.domain}.${p.panel}` || metric.includes(p.panel)),
    );
    if (hit) return hit;
  }
  return candidates[0] ?? null;
}

/**
 * Ids of the charts a chat album carries, in order: throughput vs load, latency, errors
 * (those that exist) and the bottleneck resource, at most {@link ALBUM_MAX}. The web page
 * and the PDF keep every chart; chat gets only what decides the verdict.
 */
export function albumChartIds(available: readonly string[], report: AlbumReport): string[] {
  const have = new Set(available);
  const ids: string[] = VERDICT_CHARTS.filter((id) => have.has(id));
  const domain = resourceDomain(report);
  const resource = domain ? resourceChart(domain, report, have) : null;
  if (resource) ids.push(resource);
  return ids.slice(0, ALBUM_MAX);
}

/** Input of {@link renderAlbumCharts}. */
export interface AlbumInput {
  panels: PanelData[];
  markers: ChartMarkers;
  report: AlbumReport;
  locale: 'ru' | 'en';
  tz: string;
  theme?: ChartThemeName;
}

/**
 * The chat album: the charts of {@link albumChartIds}, drawn square (1080×1080) with phone
 * fonts so their text stays readable when a chat shows them 400 px wide, on `renderer`
 * (default: the shared worker pool, so a chat acknowledgement is never held up by them).
 */
export async function renderAlbumCharts(
  input: AlbumInput,
  renderer: ChartRenderer = sharedRenderPool(),
): Promise<RenderedChart[]> {
  const specs = planCharts(input.panels, input.locale);
  const ids = albumChartIds(
    specs.map((s) => s.id),
    input.report,
  );
  return renderer.render(
    ids.map((id) => ({
      spec: specs.find((s) => s.id === id)!,
      opts: {
        locale: input.locale,
        tz: input.tz,
        markers: input.markers,
        profile: 'phone' as const,
        ...(input.theme ? { theme: input.theme } : {}),
      },
    })),
  );
}
