import {
  type FakeLlmServer,
  type FakeScript,
  startScriptedServer,
  type WireFormat,
} from './openai-server.js';

/**
 * Anthropic Messages: `POST /v1/messages` with an `anthropic-version` header and the key as
 * `x-api-key` or (SDK 1.x) a bearer token.
 */
export const ANTHROPIC_WIRE: WireFormat = {
  path: '/v1/messages',
  authorized: (h) =>
    typeof h['anthropic-version'] === 'string' &&
    (typeof h['x-api-key'] === 'string' || /^Bearer \S+/.test(String(h.authorization ?? ''))),
  userText: (body) => {
    const msgs = (body.messages ?? []) as Array<{ role: string; content: string | Array<{ text?: string }> }>;
    const first = msgs.find((m) => m.role === 'user')?.content ?? '';
    return typeof first === 'string' ? first : first.map((b) => b.text ?? '').join('');
  },
  ok: (body, text, usage) => ({
    id: 'msg_fake',
    type: 'message',
    role: 'assistant',
    model: body.model,
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: usage.input, output_tokens: usage.output },
  }),
  error: (status, message) => ({
    type: 'error',
    error: { type: status >= 500 ? 'api_error' : 'invalid_request_error', message },
  }),
};

/** A fake Anthropic server; give `url` as ANTHROPIC_BASE_URL (the SDK appends `/v1/messages`). */
export function startAnthropicFake(script: FakeScript = { kind: 'good' }): Promise<FakeLlmServer> {
  return startScriptedServer(ANTHROPIC_WIRE, script);
}
