import type { ChatServices } from '../../chat/services.js';
import { renderCompareCharts } from '../../compare/compare-charts.js';
import { verdictLine } from '../../compare/explain.js';
import { compareStoredPair } from '../../compare/load-and-compare.js';
import { chatText } from '../../i18n/chat-text.js';
import type { JobContext } from '../queue/queue.js';
import type { CompareJob } from './payloads.js';

/**
 * The `compare` job: compares run B with run A (the reference, e.g. the baseline), sends
 * overlay charts of A against B for the key metrics, then the verdict and the top changes.
 */
export function compareJob(services: ChatServices) {
  return async (job: JobContext<CompareJob>) => {
    const p = job.payload;
    const gateway = services.gateways[p.address.platform];
    const { result, a, b } = await compareStoredPair(services.store, p.a, p.b, { locale: p.locale });
    const [runA, runB] = await Promise.all([services.store.getRun(p.a), services.store.getRun(p.b)]);
    if (!gateway) return { verdict: result.verdict };
    const charts = await renderCompareCharts(a, b, result, { locale: p.locale, tz: p.tz });
    const caption = chatText(p.locale, 'compareCaption', { a: runA?.name ?? p.a, b: runB?.name ?? p.b });
    if (charts.length > 0) {
      await gateway.sendImages(
        p.address,
        charts.map((c) => ({ png: c.png, title: c.title })),
        caption,
      );
    }
    const link = services.links.compare(p.a, p.b, p.user.id);
    const changes = result.top.slice(0, 5).map((c) => `• ${c.text[p.locale]}`);
    await gateway.send(p.address, {
      blocks: [
        { kind: 'header', text: caption },
        { kind: 'text', text: verdictLine(result, p.locale) },
        ...(changes.length > 0
          ? [
              { kind: 'header' as const, text: chatText(p.locale, 'compareTop') },
              { kind: 'text' as const, text: changes.join('\n') },
            ]
          : []),
        ...(link ? [{ kind: 'link' as const, text: chatText(p.locale, 'fullReport'), url: link }] : []),
      ],
      ...(link
        ? { buttons: [[{ kind: 'url' as const, label: chatText(p.locale, 'btnFull'), url: link }]] }
        : {}),
    });
    if (p.progress) {
      await gateway
        .edit(p.progress, { blocks: [{ kind: 'text', text: chatText(p.locale, 'compareDone') }] })
        .catch((err: unknown) => services.logger.debug('progress edit failed', { err }));
    }
    return { verdict: result.verdict };
  };
}
