import { validateWindow } from '../../core/window.js';
import { resolveService } from '../../pipeline/resolve-service.js';
import { newId } from '../../store/ids.js';
import { chatKey } from '../chat.types.js';
import type { CommandContext } from '../command-context.js';
import { parseInterval } from '../parse-interval.js';

const HOUR_MS = 3_600_000;

/**
 * Splits `/report [service] [interval]`: the whole text is tried as an interval first, so
 * `/report 10:00 - 11:30` works; otherwise the first word is the service.
 */
export function splitReportArgs(args: string, nowMs: number, tz: string) {
  const text = args.trim();
  if (text === '') return { service: undefined, window: undefined };
  try {
    return { service: undefined, window: parseInterval(text, nowMs, tz) };
  } catch (err) {
    const [first, ...rest] = text.split(/\s+/);
    if (rest.length === 0) {
      // One word that is no interval: a service name (or a typo, reported as a bad interval
      // when it looks like one).
      if (/^\d/.test(first as string)) throw err;
      return { service: first, window: undefined };
    }
    return { service: first, window: parseInterval(rest.join(' '), nowMs, tz) };
  }
}

/** `/report [service] [interval]`: answers at once, then queues the report job. */
export async function reportCommand(ctx: CommandContext): Promise<void> {
  const { services, call } = ctx;
  const now = services.clock.now();
  const parsed = splitReportArgs(call.args, now, ctx.tz);
  const serviceName = parsed.service ?? ctx.settings.service ?? null;
  const service = resolveService(services.config, serviceName);
  const win = parsed.window ?? { fromMs: now - HOUR_MS, toMs: now };
  const max = services.config.env.MAX_REPORT_INTERVAL_HOURS * HOUR_MS;
  const w = validateWindow(win.fromMs, win.toMs, now, max);
  const jobId = `report-${chatKey(call.address)}-${call.updateId ?? newId(now)}`;
  if ((await services.queue.getState(jobId)) !== 'unknown') {
    ctx.log.info('duplicate update ignored', { jobId });
    return;
  }
  const [progress] = await ctx.reply({
    blocks: [{ kind: 'text', text: ctx.t('working', { what: ctx.t('phaseQueued') }) }],
  });
  const runId = newId(now);
  // Slack slash commands rarely carry a thread: the album and summary then go into the
  // progress message's thread, so each report stays one tidy thread in the channel.
  const address =
    call.address.platform === 'slack' && !call.address.threadId && progress
      ? { ...call.address, threadId: progress.messageId }
      : call.address;
  await services.queue.add(
    'report',
    {
      runId,
      address,
      user: { id: call.user.id, name: call.user.name },
      locale: ctx.locale,
      tz: ctx.tz,
      service: service.name,
      fromMs: w.fromMs,
      toMs: w.toMs,
      progress,
    },
    { jobId },
  );
}
