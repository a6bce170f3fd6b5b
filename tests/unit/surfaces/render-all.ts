import { analyse } from '../../../src/analysis/analyse.js';
import type { DomainId, Locale, ReportJson } from '../../../src/analysis/report.types.js';
import { formatSlackMessages } from '../../../src/bots/slack/format-slack.js';
import { formatMessage } from '../../../src/bots/telegram/format-telegram.js';
import type { Msg } from '../../../src/chat/chat.types.js';
import { reportSummaryMessage } from '../../../src/chat/report-message.js';
import { printReport } from '../../../src/cli/print-report.js';
import { renderHtmlReport } from '../../../src/render/render-html.js';
import { type PresetName, scenarioByName } from '../../../src/sim/presets.js';
import type { RunRecord } from '../../../src/store/store.js';
import { renderReportPage } from '../../../src/web/report-page.js';
import { simPanels } from '../analysis/sim-panels.js';

const BASE = Date.UTC(2026, 11, 1, 12);

/** A real report: the simulator's panels analysed by the real analysis, in `locale` and `tz`. */
export function simReport(
  preset: PresetName,
  locale: Locale,
  slos: string[] = [],
  tz = 'UTC',
  without: DomainId[] = [],
): ReportJson {
  const sim = simPanels(scenarioByName(preset, BASE));
  const tl = sim.tl;
  // Dropping a domain's panels leaves it without data, as a missing exporter would.
  const panels = sim.panels.filter((p) => !without.includes(p.domain));
  const fromMs = tl.tMs[0]!;
  const toMs = tl.tMs[tl.n - 1]!;
  const a = analyse({ fromMs, toMs, panels, slos, locale, tz });
  return {
    runId: 'RUN1',
    name: `orders ${preset}`,
    service: 'orders',
    window: { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() },
    verdict: a.verdict,
    verdictReason: a.verdictReason,
    peak: a.peak,
    steps: a.steps,
    slo: a.slo,
    domains: a.domains,
    charts: [],
    timingsMs: { fetch: 1, analyse: 1, render: 0, total: 1234 },
    locale,
    warnings: a.warnings,
    warningsI18n: a.warningsI18n,
    bottleneck: a.bottleneck,
    mode: a.mode,
  };
}

/** Plain text of a chat message (what the neutral blocks say before platform formatting). */
export function msgText(msg: Msg): string {
  return msg.blocks
    .map((b) => {
      switch (b.kind) {
        case 'fields':
          return b.items.map(([k, v]) => `${k}: ${v}`).join('\n');
        case 'link':
          return b.text;
        default:
          return b.text;
      }
    })
    .join('\n');
}

/** Visible text of an HTML page: no styles, scripts, tags or attributes; entities decoded. */
export function htmlText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** One report rendered on every surface in one language and zone. */
export interface Surfaces {
  chat: string;
  telegram: string;
  slack: string;
  web: string;
  pdf: string;
  cli: string;
}

/** Renders `report` on chat (neutral text, Telegram HTML, Slack blocks), web page, PDF/HTML and CLI. */
export function renderAll(report: ReportJson, locale: Locale, tz: string): Surfaces {
  const msg = reportSummaryMessage(report, { locale, tz, link: 'https://ll.example/r/RUN1', maxFindings: 5 });
  const run: RunRecord = {
    id: 'RUN1',
    name: report.name,
    service: report.service,
    from: new Date(report.window.from),
    to: new Date(report.window.to),
    verdict: report.verdict,
    peak: report.peak,
    timings: report.timingsMs,
    report,
    origin: 'cli',
    invalid: false,
    createdAt: new Date(0),
  };
  const web = renderReportPage({
    run,
    versions: [],
    votes: [],
    narrative: null,
    locale,
    tz,
    user: 'tg:1',
    canEdit: false,
    csrf: 'tok',
    url: new URL('http://h/r/RUN1'),
    runsLink: true,
  });
  return {
    chat: msgText(msg),
    telegram: htmlText(formatMessage(msg).join('\n')),
    slack: JSON.stringify(formatSlackMessages(msg)),
    web: htmlText(web),
    pdf: htmlText(renderHtmlReport(report, [], { locale, tz })),
    cli: printReport(report, { tz, locale }),
  };
}
