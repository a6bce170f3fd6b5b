import { LoadLensError } from '../core/errors.js';

/** One earlier message of a conversation (the repair attempt replays the first answer). */
export interface LlmTurn {
  role: 'user' | 'assistant';
  content: string;
}

/** A single chat completion request. */
export interface LlmRequest {
  system: string;
  user: string;
  /** Messages after `user`, in order (assistant answer, then a follow-up user message). */
  turns?: LlmTurn[];
  /** JSON schema of the expected answer; providers that support it constrain the output. */
  jsonSchema?: Record<string, unknown>;
  maxOutputTokens?: number;
  signal?: AbortSignal;
}

export interface LlmCompletion {
  text: string;
  inputTokens: number;
  outputTokens: number;
}

/**
 * A chat model behind one small interface, so the narrative never depends on an SDK.
 * `complete` throws LoadLensError('LLM_FAILED') with `retryable` set for transient errors
 * (5xx, 429, connection, timeout) and unset for the rest (4xx, abort).
 */
export interface LlmProvider {
  /** `openai` or `anthropic` (or a test double's name). */
  readonly name: string;
  readonly model: string;
  complete(req: LlmRequest): Promise<LlmCompletion>;
}

/** Rough token count for budgets and for servers that return no usage (≈ 4 chars a token). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** True for statuses worth retrying: timeouts, conflicts, rate limits and server errors. */
export function isRetryableStatus(status: number | undefined): boolean {
  return status === undefined || status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * Maps an SDK error to LLM_FAILED. `status` is the HTTP status when there was a response;
 * an aborted request is never retryable (the caller gave up).
 */
export function llmError(
  provider: string,
  err: unknown,
  info: { status?: number; aborted?: boolean; timedOut?: boolean },
): LoadLensError {
  const raw = err instanceof Error ? err.message : String(err);
  // SDK messages may quote a whole error body: keep the first line, bounded.
  const msg = raw.split('\n')[0]!.slice(0, 200);
  const what = info.aborted
    ? 'request aborted'
    : info.timedOut
      ? 'request timed out'
      : info.status !== undefined
        ? `HTTP ${info.status}: ${msg}`
        : `connection failed: ${msg}`;
  return new LoadLensError('LLM_FAILED', `${provider}: ${what}`, {
    cause: err,
    retryable: !info.aborted && isRetryableStatus(info.status),
    details: { provider, ...(info.status !== undefined ? { status: info.status } : {}) },
  });
}

/** The error classes an SDK exports (OpenAI's and Anthropic's are alike but distinct). */
export interface SdkErrorClasses {
  abort: abstract new (...args: never[]) => Error;
  timeout: abstract new (...args: never[]) => Error;
  api: abstract new (...args: never[]) => Error & { status?: number | undefined };
}

/** Maps an SDK's thrown error to LLM_FAILED, telling aborts, timeouts and HTTP statuses apart. */
export function sdkError(
  provider: string,
  err: unknown,
  signal: AbortSignal | undefined,
  sdk: SdkErrorClasses,
): LoadLensError {
  return llmError(provider, err, {
    aborted: err instanceof sdk.abort || signal?.aborted === true,
    timedOut: err instanceof sdk.timeout,
    status: err instanceof sdk.api ? (err as { status?: number }).status : undefined,
  });
}
