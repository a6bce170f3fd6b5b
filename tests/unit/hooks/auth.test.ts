import { afterEach, describe, expect, it } from 'vitest';
import {
  checkCredentials,
  checkGrafanaSignature,
  grafanaSignature,
  safeEqual,
} from '../../../src/hooks/auth.js';
import { alertmanagerV4, grafanaUnified } from './fixtures.js';
import { basic, bearer, NOW, startHookServer } from './hooks-harness.js';

const SECRET = 'grafana-hmac-secret';
const TS_HEADER = 'X-Grafana-Alerting-Signature-Timestamp';
const nowSec = Math.floor(NOW / 1000);

describe('credential and signature checks', () => {
  it('compares in constant time, whatever the lengths', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', 'x')).toBe(false);
  });

  it('accepts the configured bearer token or basic pair, and nothing else', () => {
    const c = { token: 'tok', basicUser: 'am', basicPassword: 'pw:with:colons' };
    expect(checkCredentials(bearer('tok'), c)).toBeNull();
    expect(checkCredentials({ authorization: 'bearer tok' }, c)).toBeNull();
    expect(checkCredentials(basic('am', 'pw:with:colons'), c)).toBeNull();
    expect(checkCredentials(bearer('tok2'), c)).toBe('wrong');
    expect(checkCredentials(basic('am', 'pw'), c)).toBe('wrong');
    expect(checkCredentials(basic('root', 'pw:with:colons'), c)).toBe('wrong');
    expect(checkCredentials({ authorization: 'Digest x' }, c)).toBe('wrong');
    expect(checkCredentials({}, c)).toBe('missing');
    // Basic alone does not accept a bearer, and nothing configured accepts nothing.
    expect(checkCredentials(bearer('tok'), { basicUser: 'am', basicPassword: 'pw' })).toBe('wrong');
    expect(checkCredentials(bearer('tok'), {})).toBe('not_configured');
  });

  it('verifies the Grafana HMAC over "timestamp:body" within five minutes', () => {
    const body = Buffer.from('{"a":1}');
    const cfg = { secret: SECRET, timestampHeader: TS_HEADER };
    const sig = grafanaSignature(SECRET, String(nowSec), body);
    const h = (s: string, ts: number) => ({
      'x-grafana-alerting-signature': s,
      'x-grafana-alerting-signature-timestamp': String(ts),
    });
    expect(checkGrafanaSignature(h(sig, nowSec), body, cfg, NOW)).toBeNull();
    expect(checkGrafanaSignature(h(sig.toUpperCase(), nowSec), body, cfg, NOW)).toBeNull();
    expect(
      checkGrafanaSignature(
        { 'x-grafana-alert-signature': sig, [TS_HEADER.toLowerCase()]: String(nowSec) },
        body,
        cfg,
        NOW,
      ),
    ).toBeNull();
    // The same signature with another timestamp or body is forged.
    expect(checkGrafanaSignature(h(sig, nowSec - 1), body, cfg, NOW)).toBe('forged');
    expect(checkGrafanaSignature(h(sig, nowSec), Buffer.from('{"a":2}'), cfg, NOW)).toBe('forged');
    const old = nowSec - 301;
    expect(checkGrafanaSignature(h(grafanaSignature(SECRET, String(old), body), old), body, cfg, NOW)).toBe(
      'stale',
    );
    const future = nowSec + 301;
    expect(
      checkGrafanaSignature(h(grafanaSignature(SECRET, String(future), body), future), body, cfg, NOW),
    ).toBe('stale');
    const edge = nowSec - 299;
    expect(
      checkGrafanaSignature(h(grafanaSignature(SECRET, String(edge), body), edge), body, cfg, NOW),
    ).toBeNull();
    expect(checkGrafanaSignature({ 'x-grafana-alerting-signature': sig }, body, cfg, NOW)).toBe('unsigned');
    expect(checkGrafanaSignature({}, body, cfg, NOW)).toBe('unsigned');
  });

  it('reads the timestamp from a configured header', () => {
    const body = Buffer.from('x');
    const sig = grafanaSignature(SECRET, String(nowSec), body);
    const cfg = { secret: SECRET, timestampHeader: 'X-Sig-Time' };
    expect(
      checkGrafanaSignature(
        { 'x-grafana-alert-signature': sig, 'x-sig-time': String(nowSec) },
        body,
        cfg,
        NOW,
      ),
    ).toBeNull();
    expect(
      checkGrafanaSignature(
        { 'x-grafana-alert-signature': sig, 'x-grafana-alerting-signature-timestamp': String(nowSec) },
        body,
        cfg,
        NOW,
      ),
    ).toBe('unsigned');
  });
});

describe('webhook authentication over HTTP', () => {
  let srv: Awaited<ReturnType<typeof startHookServer>>;
  afterEach(async () => srv?.close());

  const signed = (body: string, ts: number, header = 'X-Grafana-Alerting-Signature', secret = SECRET) => ({
    [header]: grafanaSignature(secret, String(ts), body),
    [TS_HEADER]: String(ts),
  });

  /** A refused request: 401, and no job, no store call, no chat message. */
  const expectRefused = (r: { status: number; json: Record<string, unknown> | null }) => {
    expect(r.status).toBe(401);
    expect(r.json?.error).toBe('UNAUTHORIZED');
    expect(srv.adds).toHaveLength(0);
    expect(srv.storeCalls).toHaveLength(0);
    expect(srv.tg.calls).toHaveLength(0);
  };

  it('accepts signed Grafana payloads under both header names', async () => {
    srv = await startHookServer({ env: { GRAFANA_WEBHOOK_SECRET: SECRET } });
    const a = JSON.stringify(grafanaUnified({ groupKey: 'g-a' }));
    const r1 = await srv.post('/hooks/grafana', a, signed(a, nowSec));
    expect(r1.status).toBe(202);
    const b = JSON.stringify(grafanaUnified({ groupKey: 'g-b' }));
    const r2 = await srv.post('/hooks/grafana', b, signed(b, nowSec - 60, 'X-Grafana-Alert-Signature'));
    expect(r2.status).toBe(202);
    expect(srv.adds.map((x) => (x.payload as { groupKey: string }).groupKey)).toEqual(['g-a', 'g-b']);
  });

  it.each([
    ['forged (wrong secret)', (b: string) => signed(b, nowSec, undefined, 'not-the-secret')],
    ['forged (signature of another body)', (_b: string) => signed('{"other":true}', nowSec)],
    ['stale (older than 5 minutes)', (b: string) => signed(b, nowSec - 301)],
    ['from the future (more than 5 minutes)', (b: string) => signed(b, nowSec + 400)],
    ['unsigned', (_b: string) => ({})],
    [
      'signed without a timestamp',
      (b: string) => ({ 'X-Grafana-Alerting-Signature': grafanaSignature(SECRET, String(nowSec), b) }),
    ],
    ['unsigned with a valid bearer (HMAC is required once configured)', (_b: string) => bearer('tok')],
  ])('refuses a Grafana payload that is %s', async (_name, headers) => {
    srv = await startHookServer({ env: { GRAFANA_WEBHOOK_SECRET: SECRET, WEBHOOK_TOKEN: 'tok' } });
    const body = JSON.stringify(grafanaUnified());
    expectRefused(await srv.post('/hooks/grafana', body, headers(body)));
  });

  it('accepts Alertmanager with the bearer token or the basic pair', async () => {
    srv = await startHookServer({
      env: { WEBHOOK_TOKEN: 'tok', WEBHOOK_BASIC_USER: 'am', WEBHOOK_BASIC_PASSWORD: 'pw' },
    });
    expect(
      (await srv.post('/hooks/alertmanager', alertmanagerV4({ groupKey: 'g1' }), bearer('tok'))).status,
    ).toBe(202);
    expect(
      (await srv.post('/hooks/alertmanager', alertmanagerV4({ groupKey: 'g2' }), basic('am', 'pw'))).status,
    ).toBe(202);
    expect(srv.adds).toHaveLength(2);
  });

  it.each([
    ['no credentials', {}],
    ['a wrong token', bearer('nope')],
    ['a wrong password', basic('am', 'nope')],
    ['a wrong user', basic('admin', 'pw')],
    ['a malformed header', { authorization: 'Bearer' }],
  ])('refuses Alertmanager with %s', async (_name, headers) => {
    srv = await startHookServer({
      env: { WEBHOOK_TOKEN: 'tok', WEBHOOK_BASIC_USER: 'am', WEBHOOK_BASIC_PASSWORD: 'pw' },
    });
    const r = await srv.post('/hooks/alertmanager', alertmanagerV4(), headers);
    expectRefused(r);
    expect(r.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('refuses everything while no authentication is configured', async () => {
    srv = await startHookServer();
    expectRefused(await srv.post('/hooks/alertmanager', alertmanagerV4(), bearer('anything')));
    expectRefused(await srv.post('/hooks/grafana', grafanaUnified(), {}));
  });

  it('uses bearer/basic on /hooks/grafana when no HMAC secret is set', async () => {
    srv = await startHookServer({ env: { WEBHOOK_TOKEN: 'tok' } });
    expectRefused(await srv.post('/hooks/grafana', grafanaUnified(), bearer('bad')));
    expect((await srv.post('/hooks/grafana', grafanaUnified(), bearer('tok'))).status).toBe(202);
  });
});
