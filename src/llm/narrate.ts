import type { AnalysisResult } from '../analysis/analyse.js';
import type { Locale, ReportJson } from '../analysis/report.types.js';
import type { DomainId } from '../config/file.schema.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { createLimiter } from '../sources/limiter.js';
import { type BaselineInput, buildContextPack, domainView, finalView } from './context-pack.js';
import { costUsd, type ModelPrice, priceFor } from './cost.js';
import { collectFacts, groundSection } from './grounding.js';
import type { DroppedClaim, Narrative, NarrativeSection, NarrativeStatus } from './narrative.types.js';
import { loadPrompts, type PromptId, type PromptSet, systemPrompt } from './prompts.js';
import type { LlmProvider } from './provider.js';
import { type CallUsage, completeValidated } from './repair.js';

export interface NarrateDeps {
  provider: LlmProvider;
  logger: Logger;
  clock: Clock;
  /** Price of the model; default: the built-in table. Null: cost unknown. */
  price?: ModelPrice | null;
}

export interface NarrateInput {
  report: ReportJson;
  /** Only the per-series statistics are used. */
  analysis: Pick<AnalysisResult, 'stats'>;
  locale: Locale;
  /** Zone for times of day, as used by the deterministic texts (default UTC). */
  tz?: string;
  /** Loaded prompts; default: the packaged ones with `promptOverrides` applied. */
  prompts?: PromptSet;
  /** The service's overrides (`services.<name>.prompts`), used when `prompts` is not given. */
  promptOverrides?: Record<string, string>;
  baseline?: BaselineInput;
}

export interface NarrateOptions {
  /** LLM_TIMEOUT_MS: `narrate` resolves by then, whatever the model does. */
  timeoutMs: number;
  /** The caller giving up early (shutdown, a newer regenerate). */
  signal?: AbortSignal;
  /** LLM_MAX_CONTEXT_TOKENS (default 6000). */
  maxContextTokens?: number;
  /** LLM_MAX_OUTPUT_TOKENS (default 1500). */
  maxOutputTokens?: number;
  /** Domain prompts in flight at once for this report (default 3). */
  concurrency?: number;
}

const USER = {
  en: (facts: string) => `Facts (JSON):\n${facts}\n\nAnswer with the JSON object, in English.`,
  ru: (facts: string) => `Факты (JSON):\n${facts}\n\nОтветьте JSON-объектом, по-русски.`,
} as const;

/** Mutable progress of one narrative; frozen (`closed`) when the deadline snapshot is taken. */
interface State {
  closed: boolean;
  domains: Partial<Record<DomainId, NarrativeSection>>;
  final?: NarrativeSection;
  dropped: DroppedClaim[];
  usage: CallUsage;
  errors: string[];
  attempted: number;
  succeeded: number;
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 240);

/**
 * Writes the narrative of a finished report: every domain with data gets its prompt
 * (concurrently, bounded), then the final prompt sees the grounded domain texts. Each
 * answer is validated (one repair attempt) and grounded: claims with numbers that are not
 * in the context pack are dropped. Never throws and never waits past `timeoutMs`: on the
 * deadline it aborts the calls in flight and returns what is done with status `timeout`.
 * It reads the report and never changes it; the narrative is a separate object.
 */
export async function narrate(
  deps: NarrateDeps,
  input: NarrateInput,
  opts: NarrateOptions,
): Promise<Narrative> {
  const started = deps.clock.now();
  const log = deps.logger.child({
    llm: deps.provider.name,
    model: deps.provider.model,
    runId: input.report.runId,
  });
  const state: State = {
    closed: false,
    domains: {},
    dropped: [],
    usage: { inputTokens: 0, outputTokens: 0, calls: 0 },
    errors: [],
    attempted: 0,
    succeeded: 0,
  };
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort();
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (opts.signal?.aborted) controller.abort();

  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(0, opts.timeoutMs));
    controller.signal.addEventListener('abort', () => resolve('timeout'), { once: true });
  });
  const work = write(deps, input, opts, state, controller.signal, log).then(
    () => 'done' as const,
    (err: unknown) => {
      // Only setup can get here (prompt files, pack); sections catch their own errors.
      if (!state.closed) state.errors.push(errorText(err));
      return 'done' as const;
    },
  );
  const outcome = await Promise.race([work, deadline]);
  clearTimeout(timer);
  opts.signal?.removeEventListener('abort', onOuterAbort);
  state.closed = true;
  if (outcome === 'timeout') controller.abort();

  const status: NarrativeStatus =
    outcome === 'timeout'
      ? 'timeout'
      : state.succeeded === 0
        ? 'failed'
        : state.succeeded === state.attempted && state.errors.length === 0
          ? 'ok'
          : 'partial';
  const price = deps.price !== undefined ? deps.price : priceFor(deps.provider.model);
  const errors =
    outcome === 'timeout' ? [`no answer within ${opts.timeoutMs} ms`, ...state.errors] : state.errors;
  const narrative: Narrative = {
    status,
    domains: { ...state.domains },
    ...(state.final ? { final: state.final } : {}),
    dropped: [...state.dropped],
    usage: { ...state.usage, costUsd: costUsd(state.usage, price) },
    provider: deps.provider.name,
    model: deps.provider.model,
    locale: input.locale,
    ...(errors.length > 0 ? { error: [...new Set(errors)].join('; ').slice(0, 500) } : {}),
    createdAt: new Date(deps.clock.now()).toISOString(),
    durationMs: Math.max(0, deps.clock.now() - started),
  };
  log.info('narrative done', {
    status,
    sections: state.succeeded,
    dropped: narrative.dropped.length,
    inputTokens: narrative.usage.inputTokens,
    outputTokens: narrative.usage.outputTokens,
    costUsd: narrative.usage.costUsd,
  });
  return narrative;
}

async function write(
  deps: NarrateDeps,
  input: NarrateInput,
  opts: NarrateOptions,
  state: State,
  signal: AbortSignal,
  log: Logger,
): Promise<void> {
  const locale = input.locale;
  const prompts = input.prompts ?? loadPrompts(locale, input.promptOverrides);
  if (prompts.unknownOverrides.length > 0) {
    log.warn('unknown prompt overrides ignored', { keys: prompts.unknownOverrides });
  }
  const pack = buildContextPack(
    { report: input.report, stats: input.analysis.stats, locale, tz: input.tz, baseline: input.baseline },
    { maxTokens: opts.maxContextTokens ?? 6_000 },
  );
  if (pack.trimmed.series + pack.trimmed.findings > 0) log.debug('context pack trimmed', { ...pack.trimmed });

  const section = async (id: PromptId, view: Record<string, unknown>): Promise<NarrativeSection | null> => {
    if (signal.aborted) return null;
    state.attempted++;
    try {
      const res = await completeValidated(
        deps.provider,
        {
          system: systemPrompt(prompts, id),
          user: USER[locale](JSON.stringify(view)),
          maxOutputTokens: opts.maxOutputTokens ?? 1_500,
          signal,
        },
        locale,
        (u) => {
          if (state.closed) return;
          state.usage.inputTokens += u.inputTokens;
          state.usage.outputTokens += u.outputTokens;
          state.usage.calls += u.calls;
        },
      );
      if (state.closed) return null;
      if (!res.ok) {
        log.warn('llm answer unusable', { section: id, error: res.error });
        state.errors.push(`${id}: ${res.error}`);
        return null;
      }
      const grounded = groundSection(res.section, collectFacts(view, locale), locale, id);
      state.dropped.push(...grounded.dropped);
      if (!grounded.section) {
        state.errors.push(`${id}: no verifiable text`);
        return null;
      }
      state.succeeded++;
      return grounded.section;
    } catch (err) {
      if (!state.closed) {
        log.warn('llm call failed', { section: id, error: errorText(err) });
        state.errors.push(`${id}: ${errorText(err)}`);
      }
      return null;
    }
  };

  const limiter = createLimiter(opts.concurrency ?? 3);
  const ids = input.report.domains.filter((d) => d.status !== 'no_data').map((d) => d.id);
  const narrated: Partial<Record<DomainId, string>> = {};
  await Promise.all(
    ids.map((id) =>
      limiter.run(async () => {
        const s = await section(id, domainView(pack, id));
        // Stored as soon as it is ready, so a deadline later on still keeps it.
        if (s && !state.closed) {
          state.domains[id] = s;
          narrated[id] = s.summary;
        }
      }),
    ),
  );
  // Without a single domain answer the final call would only repeat the failure.
  if (ids.length > 0 && Object.keys(narrated).length === 0) return;
  const final = await section('final', finalView(pack, narrated));
  if (final && !state.closed) state.final = final;
}
