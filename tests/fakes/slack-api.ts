import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { checkBlocks } from './slack/block-rules.js';

/** One recorded HTTP call to the fake. */
export interface FakeSlackCall {
  /** Web API method, or `upload` for the upload URL of files.uploadV2. */
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
  /** HTTP status the fake answered with. */
  status: number;
  /** Slack `error` string of an `ok: false` answer. */
  error?: string;
  at: number;
}

/** A message the bot posted, with its later edits. */
export interface FakeSlackMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  text: string;
  blocks: Array<Record<string, unknown>>;
  /** chat.update calls, oldest first; the current content is the last one. */
  updates: Array<{ text: string; blocks: Array<Record<string, unknown>> }>;
  /** The `metadata` the message was posted with (returned by history with include_all_metadata). */
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

/** Bytes that arrived at an upload URL. */
export interface FakeUpload {
  fileId: string;
  filename: string;
  declaredLength: number;
  bytes: Buffer | null;
}

/** A files.completeUploadExternal call: the files shared into a channel/thread as one message. */
export interface FakeFileShare {
  channel: string;
  ts: string;
  threadTs?: string;
  initialComment?: string;
  files: Array<{ id: string; title?: string; filename: string; bytes: Buffer | null }>;
}

/** A scripted failure for the next calls of a method. */
export type FakeFault = { status: 429; retryAfterSec: number } | { status: 500 } | { error: string };

/** The fake Web API, its records and its controls. */
export interface FakeSlackApi {
  /** Value for SLACK_API_URL (ends with `/api/`). */
  apiUrl: string;
  calls: FakeSlackCall[];
  messages: FakeSlackMessage[];
  uploads: Map<string, FakeUpload>;
  shares: FakeFileShare[];
  /** Users known to users.info, by id. */
  users: Map<string, { name: string; locale?: string }>;
  /** The next `times` calls of `method` fail with `fault`. */
  fail(method: string, fault: FakeFault, times?: number): void;
  callsOf(method: string): FakeSlackCall[];
  /** Successful calls of a method. */
  okCallsOf(method: string): FakeSlackCall[];
  /** Messages of a channel (and thread, when given), oldest first. */
  messagesIn(channel: string, threadTs?: string): FakeSlackMessage[];
  /** Polls `check` until it returns a value other than undefined/false. */
  until<T>(check: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** True when the bytes start with the PNG signature. */
export const isPng = (b: Buffer | null | undefined): boolean => !!b && b.subarray(0, 8).equals(PNG);

const JSON_FIELDS = new Set(['blocks', 'attachments', 'files', 'metadata']);

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Decodes a Web API request body: form-urlencoded (objects as JSON strings) or JSON. */
function parseArgs(contentType: string, body: Buffer): Record<string, unknown> {
  if (contentType.includes('application/json')) return body.length ? JSON.parse(body.toString('utf8')) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(body.toString('utf8'))) {
    out[k] = JSON_FIELDS.has(k) ? JSON.parse(v) : v;
  }
  return out;
}

/**
 * A fake Slack Web API at the HTTP level, so the real `@slack/web-api` client (inside Bolt
 * and the gateway) talks to it unchanged. It also serves the upload URLs that
 * files.getUploadURLExternal hands out, and checks Block Kit limits like Slack does.
 */
export async function startFakeSlackApi(
  opts: { token?: string; botUserId?: string } = {},
): Promise<FakeSlackApi> {
  const token = opts.token ?? 'xoxb-fake';
  const botUserId = opts.botUserId ?? 'U0LOADLENS';
  const calls: FakeSlackCall[] = [];
  const messages: FakeSlackMessage[] = [];
  const uploads = new Map<string, FakeUpload>();
  const shares: FakeFileShare[] = [];
  const users = new Map<string, { name: string; locale?: string }>();
  const faults = new Map<string, Array<FakeFault>>();
  let seq = 0;
  let port = 0;
  const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;

  type Answer = { status?: number; headers?: Record<string, string>; body: unknown };
  const ok = (body: Record<string, unknown> = {}): Answer => ({ body: { ok: true, ...body } });
  const err = (error: string): Answer => ({ body: { ok: false, error } });

  const methods: Record<string, (a: Record<string, unknown>) => Answer> = {
    'auth.test': () =>
      ok({
        url: 'https://fake.slack.com/',
        team: 'Fake',
        user: 'loadlens',
        team_id: 'T0FAKE',
        user_id: botUserId,
        bot_id: 'B0FAKE',
      }),
    'chat.postMessage': (a) => {
      const channel = String(a.channel ?? '');
      if (!channel) return err('channel_not_found');
      const blocks = (a.blocks as Array<Record<string, unknown>> | undefined) ?? [];
      if (!a.text && blocks.length === 0) return err('no_text');
      const bad = checkBlocks(blocks);
      if (bad) return err(bad);
      const msg: FakeSlackMessage = {
        channel,
        ts: nextTs(),
        ...(a.thread_ts ? { threadTs: String(a.thread_ts) } : {}),
        text: String(a.text ?? ''),
        blocks,
        updates: [],
        ...(a.metadata ? { metadata: a.metadata as FakeSlackMessage['metadata'] } : {}),
      };
      messages.push(msg);
      return ok({
        channel,
        ts: msg.ts,
        message: { type: 'message', user: botUserId, ts: msg.ts, text: msg.text },
      });
    },
    'chat.update': (a) => {
      const msg = messages.find((m) => m.channel === a.channel && m.ts === a.ts);
      if (!msg) return err('message_not_found');
      const blocks = (a.blocks as Array<Record<string, unknown>> | undefined) ?? [];
      const bad = checkBlocks(blocks);
      if (bad) return err(bad);
      msg.updates.push({ text: String(a.text ?? ''), blocks });
      return ok({ channel: msg.channel, ts: msg.ts, text: a.text });
    },
    // Newest first, like Slack; file shares appear as messages with their files.
    'conversations.history': (a) =>
      ok({ messages: historyOf(a, (m) => m.threadTs === undefined), has_more: false }),
    'conversations.replies': (a) =>
      ok({ messages: historyOf(a, (m) => m.ts === a.ts || m.threadTs === a.ts).reverse(), has_more: false }),
    'users.info': (a) => {
      const u = users.get(String(a.user));
      if (!u) return err('user_not_found');
      const withLocale = a.include_locale === 'true' || a.include_locale === true;
      return ok({
        user: { id: a.user, name: u.name, ...(withLocale && u.locale ? { locale: u.locale } : {}) },
      });
    },
    'files.getUploadURLExternal': (a) => {
      const length = Number(a.length);
      if (!a.filename || !Number.isFinite(length) || length <= 0) return err('invalid_arguments');
      const fileId = `F${randomBytes(5).toString('hex').toUpperCase()}`;
      uploads.set(fileId, { fileId, filename: String(a.filename), declaredLength: length, bytes: null });
      return ok({ upload_url: `http://127.0.0.1:${port}/upload/${fileId}`, file_id: fileId });
    },
    'files.completeUploadExternal': (a) => {
      const files = (a.files as Array<{ id: string; title?: string }> | undefined) ?? [];
      if (files.length === 0) return err('invalid_arguments');
      const got = files.map((f) => uploads.get(f.id));
      if (got.some((u) => !u?.bytes)) return err('file_not_found');
      const share: FakeFileShare = {
        channel: String(a.channel_id ?? ''),
        ts: nextTs(),
        ...(a.thread_ts ? { threadTs: String(a.thread_ts) } : {}),
        ...(a.initial_comment ? { initialComment: String(a.initial_comment) } : {}),
        files: files.map((f, i) => ({
          id: f.id,
          title: f.title,
          filename: got[i]!.filename,
          bytes: got[i]!.bytes,
        })),
      };
      if (share.channel) shares.push(share);
      return ok({ files: files.map((f, i) => ({ id: f.id, title: f.title, name: got[i]!.filename })) });
    },
  };

  /** A channel's messages and file shares as Slack returns them, newest first. */
  function historyOf(
    a: Record<string, unknown>,
    keep: (m: { ts: string; threadTs?: string }) => boolean,
  ): Array<Record<string, unknown>> {
    const withMeta = a.include_all_metadata === true || a.include_all_metadata === 'true';
    const limit = Number(a.limit ?? 100);
    const all = [
      ...messages
        .filter((m) => m.channel === a.channel && keep(m))
        .map((m) => ({
          type: 'message',
          ts: m.ts,
          ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
          text: m.updates.at(-1)?.text ?? m.text,
          ...(withMeta && m.metadata ? { metadata: m.metadata } : {}),
        })),
      ...shares
        .filter((f) => f.channel === a.channel && keep(f))
        .map((f) => ({
          type: 'message',
          ts: f.ts,
          ...(f.threadTs ? { thread_ts: f.threadTs } : {}),
          text: f.initialComment ?? '',
          files: f.files.map((x) => ({ id: x.id, name: x.filename, title: x.title })),
        })),
    ];
    return all.sort((x, y) => Number(y.ts) - Number(x.ts)).slice(0, limit);
  }

  const takeFault = (method: string): FakeFault | undefined => {
    const list = faults.get(method);
    return list && list.length > 0 ? list.shift() : undefined;
  };

  const send = (res: ServerResponse, a: Answer) => {
    res.writeHead(a.status ?? 200, { 'content-type': 'application/json; charset=utf-8', ...a.headers });
    res.end(typeof a.body === 'string' ? a.body : JSON.stringify(a.body));
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // A client killed mid-request (chaos tests) aborts the body: nothing to answer then.
    const body = await readAll(req).catch(() => null);
    if (body === null) return;
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const record = (method: string, args: Record<string, unknown>, a: Answer) => {
      const b = a.body as { ok?: boolean; error?: string };
      calls.push({
        method,
        args,
        token: auth,
        status: a.status ?? 200,
        ...(b?.ok === false ? { error: b.error } : {}),
        at: Date.now(),
      });
      send(res, a);
    };
    const faulted = (method: string): Answer | undefined => {
      const f = takeFault(method);
      if (!f) return undefined;
      if ('error' in f) return err(f.error);
      if (f.status === 429)
        return {
          status: 429,
          headers: { 'retry-after': String(f.retryAfterSec) },
          body: { ok: false, error: 'ratelimited' },
        };
      return { status: 500, body: 'internal error' };
    };

    if (req.method === 'POST' && url.pathname.startsWith('/upload/')) {
      const fileId = url.pathname.slice('/upload/'.length);
      const up = uploads.get(fileId);
      const fault = faulted('upload');
      if (fault) return record('upload', { fileId }, fault);
      if (!up) return record('upload', { fileId }, { status: 404, body: 'no such upload' });
      // The SDK posts the bytes as multipart form data; fetch's own parser reads it.
      const form = await new Response(new Uint8Array(body), {
        headers: { 'content-type': req.headers['content-type'] ?? '' },
      }).formData();
      let part: Blob | undefined;
      form.forEach((v) => {
        if (typeof v !== 'string') part ??= v;
      });
      up.bytes = part ? Buffer.from(await part.arrayBuffer()) : body;
      return record('upload', { fileId, length: up.bytes.length }, { body: `OK - ${up.bytes.length}` });
    }
    const m = /^\/api\/([\w.]+)$/.exec(url.pathname);
    if (req.method !== 'POST' || !m) return send(res, { status: 404, body: 'not found' });
    const method = m[1]!;
    let args: Record<string, unknown>;
    try {
      args = parseArgs(String(req.headers['content-type'] ?? ''), body);
    } catch {
      return record(method, {}, err('invalid_form_data'));
    }
    const fault = faulted(method);
    if (fault) return record(method, args, fault);
    if ((auth ?? args.token) !== token) return record(method, args, err('invalid_auth'));
    const impl = methods[method];
    record(method, args, impl ? impl(args) : err('unknown_method'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  port = typeof addr === 'object' && addr ? addr.port : 0;

  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    calls,
    messages,
    uploads,
    shares,
    users,
    fail(method, fault, times = 1) {
      const list = faults.get(method) ?? [];
      for (let i = 0; i < times; i++) list.push(fault);
      faults.set(method, list);
    },
    callsOf: (method) => calls.filter((c) => c.method === method),
    okCallsOf: (method) =>
      calls.filter((c) => c.method === method && c.status === 200 && c.error === undefined),
    messagesIn: (channel, threadTs) =>
      messages.filter((m) => m.channel === channel && (threadTs === undefined || m.threadTs === threadTs)),
    async until<T>(check: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const v = check();
        if (v !== undefined && v !== false) return v as T;
        if (Date.now() > deadline) throw new Error('fake Slack: condition not met in time');
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
