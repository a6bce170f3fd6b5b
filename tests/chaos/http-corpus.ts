import { httpRequest } from './raw-http.js';

/** One malformed request of the corpus. */
export interface CorpusCase {
  name: string;
  bytes: string;
}

/** Every route prefix of the shared server, with the method its real callers use. */
export const PREFIXES: ReadonlyArray<{ prefix: string; method: 'GET' | 'POST' }> = [
  { prefix: '/r/', method: 'GET' },
  { prefix: '/static/', method: 'GET' },
  { prefix: '/compare/', method: 'GET' },
  { prefix: '/api/runs/', method: 'GET' },
  { prefix: '/runs/', method: 'GET' },
  { prefix: '/hooks/', method: 'POST' },
  { prefix: '/slack/', method: 'POST' },
  { prefix: '/telegram/', method: 'POST' },
];

/*
 * Path payloads from what HTTP fuzzers send (radamsa/boofuzz/ffuf-style lists): broken
 * percent escapes, overlong and invalid UTF-8, encoded and raw dot segments, `//`,
 * backslashes, NUL and CRLF injection, huge segments. `{p}` is the route prefix.
 */
const PATHS: readonly string[] = [
  '{p}%ZZ',
  '{p}%',
  '{p}%%',
  '{p}%2',
  '{p}%C0%80',
  '{p}%C0%AE%C0%AE/x',
  '{p}%E0%A4%A',
  '{p}%E0%A4%A/series',
  '{p}%ED%A0%80',
  '{p}%F4%90%80%80',
  '{p}%FF%FE',
  '{p}%00',
  '{p}x%0d%0aSet-Cookie:%20a=b',
  '{p}..',
  '{p}../../../../etc/passwd',
  '{p}%2e%2e/%2e%2e/etc/passwd',
  '{p}..%2f..%2fetc%2fpasswd',
  '{p}.%2e/x',
  '{p}./x',
  '{p}a\\..\\..\\x',
  '{p}/x',
  '/{p}x',
  '{p}x//y',
  '{p}x?%ZZ=%E0%A4%A&t=%00',
  '{p}x#frag',
  `{p}${'a'.repeat(7_000)}`,
  `{p}${'%41'.repeat(2_500)}`,
  '{p}%ZZ/x',
  '{p}x/%ZZ',
];

/** The per-prefix corpus: every path payload, then absolute-form and protocol-relative targets. */
export function prefixCases(prefix: string, method: 'GET' | 'POST'): CorpusCase[] {
  const body = method === 'POST' ? { body: '{}', headers: ['Content-Type: application/json'] } : {};
  const out: CorpusCase[] = PATHS.map((p) => {
    const target = p.replaceAll('{p}', prefix);
    return { name: `${method} ${target.slice(0, 60)}`, bytes: httpRequest(method, target, body) };
  });
  for (const target of [
    `http://evil.example${prefix}x`,
    `https://loadlens.test${prefix}%ZZ`,
    `//[${prefix}`,
  ]) {
    out.push({ name: `${method} ${target}`, bytes: httpRequest(method, target, body) });
  }
  // Past Node's 16 KiB header limit: answered 431 by the parser itself.
  out.push({
    name: `${method} ${prefix} + 64 KiB`,
    bytes: httpRequest(method, `${prefix}${'a'.repeat(64 * 1024)}`, body),
  });
  return out;
}

/** Odd methods and request lines, whatever the route. */
export const METHOD_CASES: readonly CorpusCase[] = [
  { name: 'FOO', bytes: httpRequest('FOO', '/runs') },
  { name: 'TRACE', bytes: httpRequest('TRACE', '/r/x') },
  { name: 'TRACK', bytes: httpRequest('TRACK', '/r/x') },
  { name: 'PROPFIND', bytes: httpRequest('PROPFIND', '/static/app.css') },
  { name: 'OPTIONS *', bytes: httpRequest('OPTIONS', '*') },
  {
    name: 'CONNECT authority-form',
    bytes: httpRequest('CONNECT', 'evil.example:443', { host: 'evil.example:443' }),
  },
  { name: 'CONNECT origin-form', bytes: httpRequest('CONNECT', '/r/x') },
  { name: 'DELETE page', bytes: httpRequest('DELETE', '/r/x') },
  { name: 'lowercase get', bytes: httpRequest('get', '/healthz') },
  { name: 'GET //[', bytes: httpRequest('GET', '//[') },
  { name: 'GET empty target', bytes: 'GET  HTTP/1.1\r\nHost: x\r\n\r\n' },
  { name: 'HTTP/0.9 line', bytes: 'GET /r/x\r\n\r\n' },
  { name: 'HTTP/9.9', bytes: 'GET /r/x HTTP/9.9\r\nHost: x\r\n\r\n' },
  { name: 'HTTP/2 preface', bytes: 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n' },
  { name: 'binary garbage', bytes: '\u0000\u0001\u0002\u00ff\r\n\r\n' },
  { name: 'space in target', bytes: 'GET /r/a b HTTP/1.1\r\nHost: x\r\n\r\n' },
  {
    name: 'upgrade to websocket',
    bytes: httpRequest('GET', '/r/x', { headers: ['Upgrade: websocket'] }).replace(
      'Connection: close',
      'Connection: Upgrade',
    ),
  },
];

/** Bad, missing, huge and duplicated headers, and broken bodies. */
export const HEADER_CASES: readonly CorpusCase[] = [
  { name: 'Host missing', bytes: httpRequest('GET', '/healthz', { host: null }) },
  { name: 'Host twice', bytes: httpRequest('GET', '/r/%ZZ', { headers: ['Host: other.example'] }) },
  {
    name: 'huge header (20 KiB)',
    bytes: httpRequest('GET', '/runs', { headers: [`X-Big: ${'b'.repeat(20_000)}`] }),
  },
  {
    name: '300 headers',
    bytes: httpRequest('GET', '/runs', { headers: Array.from({ length: 300 }, (_, i) => `X-H${i}: v`) }),
  },
  { name: 'header without colon', bytes: httpRequest('GET', '/runs', { headers: ['NoColonHere'] }) },
  { name: 'header name with space', bytes: httpRequest('GET', '/runs', { headers: ['Bad Name: v'] }) },
  { name: 'NUL in header value', bytes: httpRequest('GET', '/runs', { headers: ['X-A: a\u0000b'] }) },
  { name: 'obs-fold', bytes: httpRequest('GET', '/runs', { headers: ['X-A: a', ' folded'] }) },
  {
    name: 'Content-Length not a number',
    bytes: httpRequest('POST', '/hooks/grafana', { headers: ['Content-Length: abc'], body: '{}' }),
  },
  {
    name: 'Content-Length negative',
    bytes: httpRequest('POST', '/hooks/grafana', { headers: ['Content-Length: -1'], body: '{}' }),
  },
  {
    name: 'two different Content-Lengths',
    bytes: httpRequest('POST', '/slack/events', {
      headers: ['Content-Length: 2', 'Content-Length: 3'],
      body: '{}',
    }),
  },
  {
    name: 'Content-Length and chunked',
    bytes: httpRequest('POST', '/telegram/webhook', {
      headers: ['Content-Length: 2', 'Transfer-Encoding: chunked'],
      body: '0\r\n\r\n',
    }),
  },
  {
    name: 'chunked garbage size',
    bytes: httpRequest('POST', '/hooks/alertmanager', {
      headers: ['Transfer-Encoding: chunked'],
      body: 'zz\r\nhello\r\n0\r\n\r\n',
    }),
  },
  {
    name: 'chunked missing CRLF',
    bytes: httpRequest('POST', '/slack/events', {
      headers: ['Transfer-Encoding: chunked'],
      body: '5\r\nhelloXX0\r\n\r\n',
    }),
  },
  {
    name: 'unknown transfer coding',
    bytes: httpRequest('POST', '/hooks/grafana', {
      headers: ['Transfer-Encoding: gzip, identity'],
      body: '',
    }),
  },
  {
    name: 'body larger than the webhook limit',
    bytes: httpRequest('POST', '/telegram/webhook', { headers: ['Content-Length: 99999999'] }),
  },
  {
    name: 'unknown Expect',
    bytes: httpRequest('POST', '/hooks/grafana', { headers: ['Expect: 200-ok'], body: '{}' }),
  },
  {
    name: 'bad cookie header',
    bytes: httpRequest('GET', '/r/x', { headers: ['Cookie: ;;;=;%ZZ=%E0%A4%A; ll_lang=%00'] }),
  },
  {
    name: 'bad Accept-Language',
    bytes: httpRequest('GET', '/r/x', { headers: [`Accept-Language: ${'ru;q=,'.repeat(500)}`] }),
  },
  {
    name: 'Slack timestamp not a number',
    bytes: httpRequest('POST', '/slack/events', {
      headers: [
        'X-Slack-Request-Timestamp: 1e999',
        'X-Slack-Signature: v0=00',
        'Content-Type: application/x-www-form-urlencoded',
      ],
      body: 'command=%2Freport&text=%ZZ',
    }),
  },
  {
    name: 'Slack headers twice',
    bytes: httpRequest('POST', '/slack/events', {
      headers: [
        'X-Slack-Request-Timestamp: 1',
        'X-Slack-Request-Timestamp: 2',
        'X-Slack-Signature: a',
        'X-Slack-Signature: b',
      ],
      body: 'x=1',
    }),
  },
  {
    name: 'Grafana signature garbage',
    bytes: httpRequest('POST', '/hooks/grafana', {
      headers: [
        'X-Grafana-Alerting-Signature: %ZZ',
        'X-Grafana-Alerting-Signature-Timestamp: -5',
        'Content-Type: application/json',
      ],
      body: '{"a":',
    }),
  },
  {
    name: 'Telegram secret twice',
    bytes: httpRequest('POST', '/telegram/webhook', {
      headers: ['X-Telegram-Bot-Api-Secret-Token: a', 'X-Telegram-Bot-Api-Secret-Token: b'],
      body: '{',
    }),
  },
];
