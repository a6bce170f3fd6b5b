import { chatKey } from '../../chat/chat.types.js';
import type { ChatServices } from '../../chat/services.js';
import { LoadLensError } from '../../core/errors.js';
import { chatText } from '../../i18n/chat-text.js';
import { narrateOptionsFromEnv, regenerateNarrative } from '../../llm/narrate-run.js';
import { hasNarrativeText, narrativeText } from '../../llm/present.js';
import type { StoredNarrative } from '../../store/narratives.store.js';
import type { JobContext } from '../queue/queue.js';
import type { JobMap } from './payloads.js';

/** Narrates a stored run with the configured LLM and saves it as a new version. */
export async function narrateRun(
  services: ChatServices,
  runId: string,
  locale: 'ru' | 'en',
  tz: string,
): Promise<StoredNarrative> {
  if (!services.llm)
    throw new LoadLensError('BAD_INPUT', 'no LLM is configured (LLM_PROVIDER=none)', { retryable: false });
  const run = await services.store.getRun(runId);
  const overrides = run?.service ? services.config.file.services[run.service]?.prompts : undefined;
  return regenerateNarrative(
    {
      provider: services.llm.provider,
      price: services.llm.price,
      logger: services.logger,
      clock: services.clock,
    },
    services.store,
    runId,
    { ...narrateOptionsFromEnv(services.config.env), locale, tz, ...(overrides ? { overrides } : {}) },
  );
}

/**
 * The `narrate` job: runs after the deterministic report was delivered, so the model can
 * never delay it, and posts the grounded narrative as an addition in the same thread.
 * A narrative that failed or was emptied by grounding posts nothing: the deterministic
 * summaries stand.
 */
export function narrateJob(services: ChatServices) {
  return async (job: JobContext<JobMap['narrate']>) => {
    const p = job.payload;
    const gateway = services.gateways[p.address.platform];
    const done = await services.store.delivery.getStep(p.runId, chatKey(p.address), 'narrative');
    if (done) return { posted: false };
    const stored = await narrateRun(services, p.runId, p.locale, p.tz);
    const n = stored.narrative;
    if (!gateway || !hasNarrativeText(n)) return { posted: false, status: n.status };
    const refs = await gateway.send(p.address, {
      blocks: [
        { kind: 'header', text: chatText(p.locale, 'narrativeHeader') },
        { kind: 'text', text: narrativeText(n) },
      ],
      buttons: [
        [
          {
            kind: 'action',
            label: chatText(p.locale, 'btnRegenerate'),
            action: 'regenerate',
            runId: p.runId,
          },
        ],
      ],
    });
    await services.store.delivery.putStep(p.runId, chatKey(p.address), 'narrative', refs);
    return { posted: true, status: n.status };
  };
}
