import { createFormatter } from '../../analysis/format.js';
import { validateWindow } from '../../core/window.js';
import { servicesText } from '../../i18n/services-text.js';
import { discoverTopology } from '../../topology/discover-topology.js';
import { servicesTable } from '../../topology/services-text.js';
import type { ServiceEntry } from '../../topology/topology.types.js';
import type { MsgButton } from '../chat.types.js';
import type { CommandContext } from '../command-context.js';
import { encodeServiceTarget } from '../handle-button.js';
import { parseInterval } from '../parse-interval.js';

const HOUR_MS = 3_600_000;

/** One "Report <service>" button per service, at most two per row. */
export function serviceButtons(
  ctx: Pick<CommandContext, 'locale'>,
  services: readonly Pick<ServiceEntry, 'name'>[],
  w: { fromMs: number; toMs: number },
): MsgButton[][] {
  const buttons: MsgButton[] = services.slice(0, 10).map((s) => ({
    kind: 'action',
    label: servicesText(ctx.locale, 'report', { service: s.name }),
    action: 'report_service',
    runId: encodeServiceTarget(s.name, w.fromMs, w.toMs),
  }));
  const rows: MsgButton[][] = [];
  for (let i = 0; i < buttons.length; i += 2) rows.push(buttons.slice(i, i + 2));
  return rows;
}

/** `/services [interval]`: the services with traffic in the window (default the last hour), one button each. */
export async function servicesCommand(ctx: CommandContext): Promise<void> {
  const { services } = ctx;
  const now = services.clock.now();
  const text = ctx.call.args.trim();
  const win = text ? parseInterval(text, now, ctx.tz) : { fromMs: now - HOUR_MS, toMs: now };
  const w = validateWindow(
    win.fromMs,
    win.toMs,
    now,
    services.config.env.MAX_REPORT_INTERVAL_HOURS * HOUR_MS,
  );
  const when = { window: createFormatter(ctx.locale, ctx.tz).range(w.fromMs, w.toMs) };
  const prom = services.sources.prom;
  if (!prom) {
    await ctx.replyText(servicesText(ctx.locale, 'noSource'));
    return;
  }
  const topo = await discoverTopology(prom, w);
  if (topo.services.length === 0) {
    await ctx.replyText(servicesText(ctx.locale, 'none', when));
    return;
  }
  await ctx.reply({
    blocks: [
      { kind: 'header', text: servicesText(ctx.locale, 'header', when) },
      { kind: 'pre', text: servicesTable(topo.services, ctx.locale) },
    ],
    buttons: serviceButtons(ctx, topo.services, w),
  });
}
