import { describe, expect, it } from 'vitest';
import { LoadLensError } from '../../../src/core/errors.js';
import { createCsrf, requestOrigin } from '../../../src/web/csrf.js';
import { fakeRequest } from './web-fixtures.js';

const SECRET = 'unit-test-secret-0123456789';

function refusalCode(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(LoadLensError);
    return (err as LoadLensError).code;
  }
}

/** A browser's first visit: returns the page token and the cookie the browser keeps. */
function visit(csrf: ReturnType<typeof createCsrf>) {
  const issued = csrf.issue(fakeRequest({ host: 'lens.local:8080' }));
  expect(issued.setCookies).toHaveLength(1);
  expect(issued.setCookies[0]).toMatch(/^ll_csrf=[A-Za-z0-9_-]{32}; Path=\/;.*SameSite=Strict; HttpOnly/);
  return { token: issued.token, cookie: issued.setCookies[0]!.split(';')[0]! };
}

describe('CSRF protection', () => {
  const csrf = createCsrf({ secret: SECRET, secure: () => false });

  it('accepts a same-origin write carrying the token bound to the browser cookie', () => {
    const { token, cookie } = visit(csrf);
    const req = fakeRequest({
      host: 'lens.local:8080',
      origin: 'http://lens.local:8080',
      cookie,
      'x-csrf-token': token,
      'sec-fetch-site': 'same-origin',
    });
    expect(refusalCode(() => csrf.check(req))).toBeNull();
    // The same browser keeps its cookie: a later page gets the same token without a new cookie.
    const again = csrf.issue(fakeRequest({ host: 'lens.local:8080', cookie }));
    expect(again).toEqual({ token, setCookies: [] });
  });

  it('refuses a missing or foreign Origin and a cross-site fetch', () => {
    const { token, cookie } = visit(csrf);
    const base = { host: 'lens.local:8080', cookie, 'x-csrf-token': token };
    expect(refusalCode(() => csrf.check(fakeRequest(base)))).toBe('FORBIDDEN');
    expect(refusalCode(() => csrf.check(fakeRequest({ ...base, origin: 'https://evil.example' })))).toBe(
      'FORBIDDEN',
    );
    expect(refusalCode(() => csrf.check(fakeRequest({ ...base, origin: 'null' })))).toBe('FORBIDDEN');
    expect(
      refusalCode(() =>
        csrf.check(
          fakeRequest({ ...base, origin: 'http://lens.local:8080', 'sec-fetch-site': 'cross-site' }),
        ),
      ),
    ).toBe('FORBIDDEN');
  });

  it('refuses a missing, wrong or transplanted token', () => {
    const a = visit(csrf);
    const b = visit(csrf);
    expect(a.token).not.toBe(b.token);
    const base = { host: 'lens.local:8080', origin: 'http://lens.local:8080' };
    expect(refusalCode(() => csrf.check(fakeRequest({ ...base, cookie: a.cookie })))).toBe('FORBIDDEN');
    expect(refusalCode(() => csrf.check(fakeRequest({ ...base, 'x-csrf-token': a.token })))).toBe(
      'FORBIDDEN',
    );
    expect(
      refusalCode(() => csrf.check(fakeRequest({ ...base, cookie: a.cookie, 'x-csrf-token': b.token }))),
    ).toBe('FORBIDDEN');
    expect(
      refusalCode(() =>
        csrf.check(fakeRequest({ ...base, cookie: a.cookie, 'x-csrf-token': `${a.token}x` })),
      ),
    ).toBe('FORBIDDEN');
    // A token made with another secret is useless.
    const other = createCsrf({ secret: 'other-secret-0123456789', secure: () => false });
    const forged = other.issue(fakeRequest({ cookie: a.cookie })).token;
    expect(
      refusalCode(() => csrf.check(fakeRequest({ ...base, cookie: a.cookie, 'x-csrf-token': forged }))),
    ).toBe('FORBIDDEN');
  });

  it('accepts the PUBLIC_URL origin behind a proxy that rewrites Host', () => {
    const behindProxy = createCsrf({
      secret: SECRET,
      publicUrl: 'https://lens.example.com/',
      secure: () => true,
    });
    const issued = behindProxy.issue(fakeRequest({ host: '10.0.0.5:8080' }));
    expect(issued.setCookies[0]).toContain('Secure');
    const req = fakeRequest({
      host: '10.0.0.5:8080',
      origin: 'https://lens.example.com',
      cookie: issued.setCookies[0]!.split(';')[0]!,
      'x-csrf-token': issued.token,
    });
    expect(refusalCode(() => behindProxy.check(req))).toBeNull();
  });

  it('derives the request origin from Host and the forwarded scheme', () => {
    expect(requestOrigin(fakeRequest({ host: 'a:1' }))).toBe('http://a:1');
    expect(requestOrigin(fakeRequest({ host: 'a', 'x-forwarded-proto': 'https, http' }))).toBe('https://a');
    expect(requestOrigin(fakeRequest({}))).toBeNull();
  });
});
