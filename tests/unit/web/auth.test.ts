import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/core/clock.js';
import { LoadLensError } from '../../../src/core/errors.js';
import { type AccessTarget, createWebAuth } from '../../../src/web/auth.js';
import { createLinkSigner } from '../../../src/web/signed-links.js';
import { fakeRequest } from './web-fixtures.js';

const SECRET = 'unit-test-secret-0123456789';
const T = Date.UTC(2026, 10, 20, 12, 0, 0);

function setup() {
  const clock = fixedClock(T);
  const signer = createLinkSigner(SECRET, { now: () => clock.now(), ttlSec: 3600 });
  const auth = createWebAuth({ signer, now: () => clock.now(), secure: () => false });
  return { clock, signer, auth };
}

const run = (runId: string): AccessTarget => ({ kind: 'run', runId });
const url = (path: string, token?: string) =>
  new URL(`http://h${path}${token === undefined ? '' : `?t=${encodeURIComponent(token)}`}`);

/** The `name=value` part of each Set-Cookie, as a browser would send them back. */
const cookieHeader = (setCookies: string[]) => setCookies.map((c) => c.split(';')[0]).join('; ');

function refusal(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(LoadLensError);
    return { code: (err as LoadLensError).code, message: (err as LoadLensError).message };
  }
  throw new Error('expected a refusal');
}

describe('signed-link access', () => {
  it('opens a page with a valid token and keeps it in HttpOnly SameSite=Strict cookies scoped to the run', () => {
    const { signer, auth } = setup();
    const token = signer.sign({ target: 'RUN1', scope: 'edit', user: 'u42' });
    const access = auth.page(fakeRequest(), url('/r/RUN1', token), run('RUN1'));
    expect(access.claims).toMatchObject({ target: 'RUN1', scope: 'edit', user: 'u42' });
    expect(access.setCookies).toHaveLength(2);
    const paths = access.setCookies.map((c) => /Path=([^;]+)/.exec(c)?.[1]);
    expect(paths).toEqual(['/r/RUN1', '/api/runs/RUN1']);
    for (const c of access.setCookies) {
      expect(c).toContain('HttpOnly');
      expect(c).toContain('SameSite=Strict');
      expect(c).toMatch(/Max-Age=3600\b/);
      expect(c).not.toContain('Secure');
    }
  });

  it('marks cookies Secure when served over https', () => {
    const { signer } = setup();
    const auth = createWebAuth({ signer, now: () => T, secure: () => true });
    const token = signer.sign({ target: 'RUN1', scope: 'view', user: 'u' });
    for (const c of auth.page(fakeRequest(), url('/r/RUN1', token), run('RUN1')).setCookies) {
      expect(c).toContain('Secure');
    }
  });

  it('answers 401 for a missing, forged, malformed or expired link', () => {
    const { signer, auth, clock } = setup();
    expect(refusal(() => auth.page(fakeRequest(), url('/r/RUN1'), run('RUN1'))).code).toBe('UNAUTHORIZED');
    const good = signer.sign({ target: 'RUN1', scope: 'edit', user: 'u' });
    const [payload, sig] = good.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ target: 'RUN1', scope: 'edit', user: 'admin', exp: 9e9 }),
    ).toString('base64url');
    for (const bad of [`${forgedPayload}.${sig}`, `${payload}.${'A'.repeat(43)}`, 'garbage', `${payload}.`]) {
      expect(refusal(() => auth.page(fakeRequest(), url('/r/RUN1', bad), run('RUN1'))).code, bad).toBe(
        'UNAUTHORIZED',
      );
    }
    const other = createLinkSigner('another-secret-0123456789', { now: () => T });
    const foreign = other.sign({ target: 'RUN1', scope: 'edit', user: 'u' });
    expect(refusal(() => auth.page(fakeRequest(), url('/r/RUN1', foreign), run('RUN1'))).code).toBe(
      'UNAUTHORIZED',
    );

    clock.set(T + 3601_000);
    const expired = refusal(() => auth.page(fakeRequest(), url('/r/RUN1', good), run('RUN1')));
    expect(expired.code).toBe('UNAUTHORIZED');
    expect(expired.message).toMatch(/expired/);
  });

  it('answers 403 for a valid link to another page, and for a view link where editing is needed', () => {
    const { signer, auth } = setup();
    const other = signer.sign({ target: 'RUN2', scope: 'edit', user: 'u' });
    expect(refusal(() => auth.page(fakeRequest(), url('/r/RUN1', other), run('RUN1'))).code).toBe(
      'FORBIDDEN',
    );
    const view = signer.sign({ target: 'RUN1', scope: 'view', user: 'u' });
    expect(auth.page(fakeRequest(), url('/r/RUN1', view), run('RUN1')).claims.scope).toBe('view');
    expect(refusal(() => auth.page(fakeRequest(), url('/r/RUN1', view), run('RUN1'), 'edit')).code).toBe(
      'FORBIDDEN',
    );
  });

  it('takes the session from cookies for later requests, scoped per run', () => {
    const { signer, auth, clock } = setup();
    const token = signer.sign({ target: 'RUN1', scope: 'view', user: 'u7' });
    const { setCookies } = auth.page(fakeRequest(), url('/r/RUN1', token), run('RUN1'));
    const req = fakeRequest({ cookie: cookieHeader(setCookies) });
    expect(auth.session(req, run('RUN1'), 'view').user).toBe('u7');
    expect(refusal(() => auth.session(req, run('RUN1'), 'edit')).code).toBe('FORBIDDEN');
    // A run's session cookie does not open another run.
    expect(refusal(() => auth.session(req, run('RUN2'), 'view')).code).toBe('FORBIDDEN');
    expect(refusal(() => auth.session(fakeRequest(), run('RUN1'), 'view')).code).toBe('UNAUTHORIZED');
    // The cookie's token expires with the link.
    clock.set(T + 3601_000);
    expect(refusal(() => auth.session(req, run('RUN1'), 'view')).code).toBe('UNAUTHORIZED');
  });

  it('lets the runs list link open the list and every run, but not compare pages of its own', () => {
    const { signer, auth } = setup();
    const token = signer.sign({ target: 'runs', scope: 'edit', user: 'lead' });
    const access = auth.page(fakeRequest(), url('/runs', token), { kind: 'runs' });
    expect(access.setCookies).toHaveLength(1);
    expect(access.setCookies[0]).toMatch(/^ll_runs=.*Path=\/;/);
    const req = fakeRequest({ cookie: cookieHeader(access.setCookies) });
    expect(auth.session(req, run('ANY'), 'edit').user).toBe('lead');
    expect(auth.page(req, url('/compare/A/B'), { kind: 'compare', a: 'A', b: 'B' }).claims.target).toBe(
      'runs',
    );
    // A run link does not open the runs list.
    const runToken = signer.sign({ target: 'RUN1', scope: 'edit', user: 'u' });
    expect(refusal(() => auth.page(fakeRequest(), url('/runs', runToken), { kind: 'runs' })).code).toBe(
      'FORBIDDEN',
    );
  });

  it('prefers the run-specific session and skips stale cookies', () => {
    const { signer, auth, clock } = setup();
    const old = signer.sign({ target: 'RUN1', scope: 'edit', user: 'old' });
    clock.set(T + 1800_000);
    const fresh = signer.sign({ target: 'RUN1', scope: 'view', user: 'fresh' });
    const list = signer.sign({ target: 'runs', scope: 'edit', user: 'list' });
    clock.set(T + 3601_000); // `old` has expired, `fresh` and `list` have not
    const req = fakeRequest({ cookie: `ll_run=${old}; ll_run=${fresh}; ll_runs=${list}` });
    expect(auth.session(req, run('RUN1'), 'view').user).toBe('fresh');
    // Editing falls through to the session that allows it.
    expect(auth.session(req, run('RUN1'), 'edit').user).toBe('list');
    const viewOnly = fakeRequest({ cookie: `ll_run=${fresh}` });
    expect(refusal(() => auth.session(viewOnly, run('RUN1'), 'edit')).code).toBe('FORBIDDEN');
  });
});
