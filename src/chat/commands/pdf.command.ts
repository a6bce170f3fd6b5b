import { isLoadLensError } from '../../core/errors.js';
import { createPdfRenderer, type PdfRenderer } from '../../web/pdf.js';
import { reportPdf } from '../../web/pdf-report.js';
import type { CommandContext } from '../command-context.js';
import { resolveRun } from '../resolve-run.js';
import type { ChatServices } from '../services.js';

/**
 * `/pdf [run]` (and the report message's PDF button): renders the run's report to PDF
 * and sends it to the chat as a document. A process whose services carry a shared
 * `pdf` renderer uses it; otherwise a browser is started for this export and closed after.
 */
export async function pdfCommand(ctx: CommandContext): Promise<void> {
  const run = await resolveRun(ctx, ctx.call.args.trim().split(/\s+/)[0] || undefined);
  const gateway = ctx.services.gateways[ctx.call.address.platform];
  if (!gateway) throw new Error(`no gateway for ${ctx.call.address.platform}`);
  const shared = (ctx.services as ChatServices & { pdf?: PdfRenderer }).pdf;
  const renderer =
    shared ?? createPdfRenderer({ executablePath: ctx.services.config.env.CHROMIUM_PATH, logger: ctx.log });
  try {
    const file = await reportPdf(ctx.services.store, renderer, run.id, {
      locale: ctx.locale,
      tz: ctx.tz,
      logger: ctx.log,
    });
    await gateway.sendFile(
      ctx.call.address,
      { name: file.name, bytes: file.bytes, mime: 'application/pdf' },
      ctx.t('pdfCaption', { name: run.name }),
    );
  } catch (err) {
    if (!isLoadLensError(err, 'RENDER_FAILED')) throw err;
    ctx.log.error('pdf export failed', { runId: run.id, err });
    await ctx.replyText(ctx.t('pdfFailed'));
  } finally {
    if (!shared) await renderer.close();
  }
}
