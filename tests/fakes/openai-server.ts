import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Fake LLM servers at the HTTP level, so the real SDK clients talk to them. Each request
 * gets a scripted mode:
 * - `good`: a valid answer that only quotes facts from the request's context pack;
 * - `malformed`: prose instead of JSON;
 * - `hallucinated`: a valid answer with numbers that are not in the data (see INVENTED);
 * - `slow`: a good answer after `delayMs` (the connection is dropped if the client aborts);
 * - `error`: HTTP `status` (500 by default) with the provider's error body.
 * This file holds the scripting shared by both fakes and the OpenAI wire format.
 */
export type FakeMode =
  | { kind: 'good' }
  | { kind: 'malformed' }
  | { kind: 'hallucinated' }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'error'; status?: number };

export interface FakeRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  /** 1-based count of requests so far. */
  n: number;
}

/** A mode for every request, or a function of the request (e.g. "malformed, then good"). */
export type FakeScript = FakeMode | ((req: FakeRequest) => FakeMode);

export interface FakeLlmServer {
  /** Base URL to give the SDK (`…/v1` for OpenAI, the root for Anthropic). */
  url: string;
  requests: FakeRequest[];
  /** Usage the fake reported on successful answers (what the client must account). */
  reported: { inputTokens: number; outputTokens: number; answers: number };
  /** Requests whose client went away before the answer (aborted on a deadline). */
  aborted: number;
  setScript(script: FakeScript): void;
  close(): Promise<void>;
}

/** Numbers the hallucinated answers invent; none of them may ever reach the output. */
export const INVENTED = ['9876 ms', '4321 rps', '777 MiB', '8765 connections'] as const;

/** The context pack of a request, parsed out of the user message the narrative sends. */
export function factsOf(userText: string): { ru: boolean; facts: Record<string, unknown> } {
  const ru = userText.startsWith('Факты');
  const start = userText.indexOf('{');
  const end = userText.lastIndexOf('}');
  try {
    return { ru, facts: JSON.parse(userText.slice(start, end + 1)) as Record<string, unknown> };
  } catch {
    return { ru, facts: {} };
  }
}

interface PackLike {
  overall?: {
    verdict?: string;
    bottleneck?: string | null;
    peak?: { rps: string; step: number | null; from: string | null; to: string | null } | null;
  };
  domain?: { summary?: string; findings?: Array<{ title: string; evidence: string; severity: string }> };
}

/** What a careful model would write: only values copied from the facts. */
export function goodAnswer(userText: string): Record<string, unknown> {
  const { ru, facts } = factsOf(userText);
  const p = facts as PackLike;
  const o = p.overall ?? {};
  const peak = o.peak;
  const peakText = peak
    ? ru
      ? `Пиковая устойчивая пропускная способность ${peak.rps} на ступени ${peak.step} (${peak.from}–${peak.to}).`
      : `The peak sustainable throughput was ${peak.rps} at step ${peak.step} (${peak.from}–${peak.to}).`
    : ru
      ? 'Пик не найден.'
      : 'No peak was found.';
  const verdict = ru ? `Вердикт: ${o.verdict}.` : `The verdict is ${o.verdict}.`;
  const summary = [verdict, peakText, p.domain?.summary ?? ''].filter(Boolean).join(' ');
  const findings = (p.domain?.findings ?? []).slice(0, 2).map((f) => ({
    title: f.title,
    evidence: f.evidence,
    severity: f.severity,
  }));
  const recommendations = peak
    ? [
        ru
          ? `Повторите тест около ${peak.rps} с более длинными ступенями.`
          : `Re-test around ${peak.rps} with longer steps.`,
      ]
    : [];
  return { summary, findings, recommendations };
}

/** A good answer plus claims with invented numbers. */
export function hallucinatedAnswer(userText: string): Record<string, unknown> {
  const good = goodAnswer(userText) as { summary: string; findings: unknown[]; recommendations: string[] };
  return {
    summary: `${good.summary} At the peak p95 reached ${INVENTED[0]} while the service handled ${INVENTED[1]}.`,
    findings: [
      ...good.findings,
      { title: 'Heap pressure', evidence: `Heap grew by ${INVENTED[2]}`, severity: 'high' },
    ],
    recommendations: [...good.recommendations, `Raise the pool to ${INVENTED[3]}.`],
  };
}

export const MALFORMED_TEXT = 'Sure! The service looks healthy overall, latency was fine and nothing broke.';

/** The answer text of a mode (good/hallucinated are JSON; malformed is prose). */
export function answerText(mode: FakeMode, userText: string): string {
  if (mode.kind === 'malformed') return MALFORMED_TEXT;
  if (mode.kind === 'hallucinated') return JSON.stringify(hallucinatedAnswer(userText));
  return JSON.stringify(goodAnswer(userText));
}

/** How one provider speaks: where its endpoint is, how it authenticates, its JSON shapes. */
export interface WireFormat {
  path: string;
  authorized(headers: IncomingMessage['headers']): boolean;
  /** The first user message (it carries the facts). */
  userText(body: Record<string, unknown>): string;
  ok(body: Record<string, unknown>, text: string, usage: { input: number; output: number }): unknown;
  error(status: number, message: string): unknown;
}

const tokens = (s: string) => Math.ceil(s.length / 4);

/** Starts a scripted fake speaking `wire` on 127.0.0.1 (a free port). */
export async function startScriptedServer(
  wire: WireFormat,
  script: FakeScript,
  urlSuffix = '',
): Promise<FakeLlmServer> {
  let current = script;
  const state: FakeLlmServer = {
    url: '',
    requests: [],
    reported: { inputTokens: 0, outputTokens: 0, answers: 0 },
    aborted: 0,
    setScript: (s) => {
      current = s;
    },
    close: async () => {},
  };
  const send = (res: ServerResponse, status: number, body: unknown) => {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (req.method !== 'POST' || path !== wire.path)
        return send(res, 404, wire.error(404, `no route ${path}`));
      if (!wire.authorized(req.headers)) return send(res, 401, wire.error(401, 'missing or bad credentials'));
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        return send(res, 400, wire.error(400, 'body is not JSON'));
      }
      const fr: FakeRequest = { path, headers: req.headers, body, n: state.requests.length + 1 };
      state.requests.push(fr);
      const mode = typeof current === 'function' ? current(fr) : current;
      if (mode.kind === 'error')
        return send(res, mode.status ?? 500, wire.error(mode.status ?? 500, 'scripted failure'));
      const userText = wire.userText(body);
      const text = answerText(mode, userText);
      const usage = { input: tokens(JSON.stringify(body)), output: tokens(text) };
      const answer = () => {
        if (res.destroyed) return;
        state.reported.inputTokens += usage.input;
        state.reported.outputTokens += usage.output;
        state.reported.answers++;
        send(res, 200, wire.ok(body, text, usage));
      };
      if (mode.kind !== 'slow') return answer();
      const timer = setTimeout(answer, mode.delayMs);
      res.on('close', () => {
        if (!res.writableFinished) {
          clearTimeout(timer);
          state.aborted++;
        }
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}${urlSuffix}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

/** OpenAI Chat Completions: `POST /v1/chat/completions`, bearer auth. */
export const OPENAI_WIRE: WireFormat = {
  path: '/v1/chat/completions',
  authorized: (h) => typeof h.authorization === 'string' && /^Bearer \S+/.test(h.authorization),
  userText: (body) => {
    const msgs = (body.messages ?? []) as Array<{ role: string; content: string }>;
    return msgs.find((m) => m.role === 'user')?.content ?? '';
  },
  ok: (body, text, usage) => ({
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: body.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text, refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: {
      prompt_tokens: usage.input,
      completion_tokens: usage.output,
      total_tokens: usage.input + usage.output,
    },
  }),
  error: (status, message) => ({
    error: { message, type: status >= 500 ? 'server_error' : 'invalid_request_error', code: null },
  }),
};

/** A fake OpenAI-compatible server; give `url` (ending in `/v1`) as OPENAI_BASE_URL. */
export function startOpenAiFake(script: FakeScript = { kind: 'good' }): Promise<FakeLlmServer> {
  return startScriptedServer(OPENAI_WIRE, script, '/v1');
}
