import type { Env } from '../config/env.schema.js';
import { LoadLensError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { createLimiter } from '../sources/limiter.js';
import { type ModelPrice, priceFor } from './cost.js';
import type { LlmProvider } from './provider.js';
import { type RetryOptions, withLimiter, withRetries } from './provider-policy.js';

/** Models used when LLM_MODEL is unset: small, cheap and good at short structured text. */
export const DEFAULT_MODELS = { openai: 'gpt-4.1-mini', anthropic: 'claude-haiku-4-5' } as const;

type LlmEnv = Pick<
  Env,
  | 'LLM_PROVIDER'
  | 'LLM_MODEL'
  | 'LLM_TIMEOUT_MS'
  | 'LLM_CONCURRENCY'
  | 'LLM_RETRIES'
  | 'LLM_RESPONSE_FORMAT'
  | 'LLM_PRICE_INPUT_PER_MTOK'
  | 'LLM_PRICE_OUTPUT_PER_MTOK'
  | 'OPENAI_API_KEY'
  | 'OPENAI_BASE_URL'
  | 'ANTHROPIC_API_KEY'
  | 'ANTHROPIC_BASE_URL'
>;

export interface ProviderDeps {
  fetch?: typeof globalThis.fetch;
  logger?: Logger;
  /** Backoff tuning (tests shorten it). */
  retry?: Omit<RetryOptions, 'retries' | 'logger'>;
}

/** A ready provider plus what the narrative needs to account for it. */
export interface ConfiguredLlm {
  provider: LlmProvider;
  price: ModelPrice | null;
}

/**
 * A provider whose SDK module loads on its first call: importing the OpenAI and Anthropic
 * SDKs costs about a second of CPU on a busy machine, which every CLI report paid before its
 * first query even when the narrative came last or not at all (issue 15).
 */
function deferred(name: string, model: string, load: () => Promise<LlmProvider>): LlmProvider {
  let ready: Promise<LlmProvider> | undefined;
  return {
    name,
    model,
    complete: async (req) => {
      ready ??= load();
      return (await ready).complete(req);
    },
  };
}

/**
 * The provider named by LLM_PROVIDER, wrapped with bounded retries (LLM_RETRIES) and one
 * process-wide concurrency limit (LLM_CONCURRENCY); undefined for `none`. A key is required
 * for the public APIs; with a custom base URL (Ollama, vLLM, LM Studio, a gateway) it may
 * be omitted. Create it once at startup and share it between reports.
 */
export function createProvider(env: LlmEnv, deps: ProviderDeps = {}): ConfiguredLlm | undefined {
  if (env.LLM_PROVIDER === 'none') return undefined;
  const common = { timeoutMs: env.LLM_TIMEOUT_MS, ...(deps.fetch ? { fetch: deps.fetch } : {}) };
  let raw: LlmProvider;
  if (env.LLM_PROVIDER === 'openai') {
    if (!env.OPENAI_API_KEY && !env.OPENAI_BASE_URL) {
      throw new LoadLensError(
        'CONFIG_INVALID',
        'OPENAI_API_KEY: required when LLM_PROVIDER=openai (or set OPENAI_BASE_URL for a local server)',
      );
    }
    const model = env.LLM_MODEL ?? DEFAULT_MODELS.openai;
    raw = deferred('openai', model, async () =>
      (await import('./providers/openai.js')).createOpenAiProvider({
        ...common,
        model,
        apiKey: env.OPENAI_API_KEY,
        baseURL: env.OPENAI_BASE_URL,
        responseFormat: env.LLM_RESPONSE_FORMAT,
      }),
    );
  } else {
    if (!env.ANTHROPIC_API_KEY && !env.ANTHROPIC_BASE_URL) {
      throw new LoadLensError(
        'CONFIG_INVALID',
        'ANTHROPIC_API_KEY: required when LLM_PROVIDER=anthropic (or set ANTHROPIC_BASE_URL for a proxy)',
      );
    }
    const model = env.LLM_MODEL ?? DEFAULT_MODELS.anthropic;
    raw = deferred('anthropic', model, async () =>
      (await import('./providers/anthropic.js')).createAnthropicProvider({
        ...common,
        model,
        apiKey: env.ANTHROPIC_API_KEY,
        baseURL: env.ANTHROPIC_BASE_URL,
      }),
    );
  }
  // Retries outside the limiter: a call waiting out its backoff does not hold a slot.
  const limited = withLimiter(raw, createLimiter(env.LLM_CONCURRENCY));
  const provider = withRetries(limited, { retries: env.LLM_RETRIES, logger: deps.logger, ...deps.retry });
  const price = priceFor(provider.model, {
    inputPerMTok: env.LLM_PRICE_INPUT_PER_MTOK,
    outputPerMTok: env.LLM_PRICE_OUTPUT_PER_MTOK,
  });
  return { provider, price };
}
