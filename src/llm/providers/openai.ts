import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import {
  estimateTokens,
  type LlmCompletion,
  type LlmProvider,
  type LlmRequest,
  sdkError,
} from '../provider.js';

const SDK_ERRORS = { abort: APIUserAbortError, timeout: APIConnectionTimeoutError, api: APIError };

export interface OpenAiProviderOptions {
  apiKey?: string;
  /** Any OpenAI-compatible server: Ollama, vLLM, LM Studio, gateways. */
  baseURL?: string;
  model: string;
  /** Per-request timeout of the SDK (the narrative deadline is enforced separately). */
  timeoutMs: number;
  /**
   * `json_object` (default, widely supported), `json_schema` (strict servers) or `none`
   * (servers that reject `response_format`; the prompt still asks for JSON).
   */
  responseFormat?: 'json_object' | 'json_schema' | 'none';
  fetch?: typeof globalThis.fetch;
}

/** Reasoning models take `max_completion_tokens` and only the default temperature. */
const REASONING = /^(o\d|gpt-5)/i;

/**
 * Chat Completions over the official SDK. Retries are left to `withRetries` (SDK retries
 * off), so one policy applies to both providers and the deadline can cut backoffs short.
 */
export function createOpenAiProvider(opts: OpenAiProviderOptions): LlmProvider {
  const client = new OpenAI({
    // Local servers need no key, but the SDK insists on one.
    apiKey: opts.apiKey ?? 'not-needed',
    ...(opts.baseURL ? { baseURL: opts.baseURL } : {}),
    timeout: opts.timeoutMs,
    maxRetries: 0,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  const reasoning = REASONING.test(opts.model);
  const format = opts.responseFormat ?? 'json_object';

  const body = (req: LlmRequest): ChatCompletionCreateParamsNonStreaming => {
    const maxTokens = req.maxOutputTokens ?? 1500;
    return {
      model: opts.model,
      messages: [
        { role: 'system', content: req.system },
        { role: 'user', content: req.user },
        ...(req.turns ?? []).map((t) => ({ role: t.role, content: t.content })),
      ],
      ...(reasoning ? { max_completion_tokens: maxTokens } : { max_tokens: maxTokens, temperature: 0 }),
      ...(format === 'json_object' ? { response_format: { type: 'json_object' as const } } : {}),
      ...(format === 'json_schema' && req.jsonSchema
        ? {
            response_format: {
              type: 'json_schema' as const,
              json_schema: { name: 'narrative', schema: req.jsonSchema, strict: false },
            },
          }
        : {}),
    };
  };

  return {
    name: 'openai',
    model: opts.model,
    async complete(req: LlmRequest): Promise<LlmCompletion> {
      try {
        const res = await client.chat.completions.create(body(req), { signal: req.signal });
        const text = res.choices[0]?.message?.content ?? '';
        return {
          text,
          inputTokens: res.usage?.prompt_tokens ?? estimateTokens(req.system + req.user),
          outputTokens: res.usage?.completion_tokens ?? estimateTokens(text),
        };
      } catch (err) {
        throw sdkError('openai', err, req.signal, SDK_ERRORS);
      }
    },
  };
}
