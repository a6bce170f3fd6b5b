import Anthropic, { APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import {
  estimateTokens,
  type LlmCompletion,
  type LlmProvider,
  type LlmRequest,
  sdkError,
} from '../provider.js';

const SDK_ERRORS = { abort: APIUserAbortError, timeout: APIConnectionTimeoutError, api: APIError };

export interface AnthropicProviderOptions {
  apiKey?: string;
  baseURL?: string;
  model: string;
  /** Per-request timeout of the SDK (the narrative deadline is enforced separately). */
  timeoutMs: number;
  fetch?: typeof globalThis.fetch;
}

/**
 * The Messages API over the official SDK. The JSON shape is asked for in the system
 * prompt rather than with `output_config`, which older models and proxies reject; the
 * answer is validated (and repaired once) by the caller anyway. SDK retries are off:
 * `withRetries` applies one policy to both providers.
 */
export function createAnthropicProvider(opts: AnthropicProviderOptions): LlmProvider {
  const client = new Anthropic({
    apiKey: opts.apiKey ?? 'not-needed',
    ...(opts.baseURL ? { baseURL: opts.baseURL } : {}),
    timeout: opts.timeoutMs,
    maxRetries: 0,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });

  return {
    name: 'anthropic',
    model: opts.model,
    async complete(req: LlmRequest): Promise<LlmCompletion> {
      try {
        const res = await client.messages.create(
          {
            model: opts.model,
            max_tokens: req.maxOutputTokens ?? 1500,
            system: req.system,
            messages: [
              { role: 'user', content: req.user },
              ...(req.turns ?? []).map((t) => ({ role: t.role, content: t.content })),
            ],
          },
          { signal: req.signal },
        );
        const text = res.content
          .map((b) => (b.type === 'text' ? b.text : ''))
          .join('')
          .trim();
        return {
          text,
          inputTokens: res.usage?.input_tokens ?? estimateTokens(req.system + req.user),
          outputTokens: res.usage?.output_tokens ?? estimateTokens(text),
        };
      } catch (err) {
        throw sdkError('anthropic', err, req.signal, SDK_ERRORS);
      }
    },
  };
}
