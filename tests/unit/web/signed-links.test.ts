import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isLoadLensError } from '../../../src/core/errors.js';
import { createLinkSigner } from '../../../src/web/signed-links.js';

const SECRET = 'strict-parse-secret-0123456789';
const signer = createLinkSigner(SECRET, { now: () => 1_800_000_000_000 });
const good = signer.sign({ target: 'run1', scope: 'edit', user: 'u1' });

const refused = (token: string) => {
  try {
    signer.verify(token);
    return false;
  } catch (err) {
    return isLoadLensError(err, 'UNAUTHORIZED');
  }
};

/** A correctly signed token over any payload text (what a key holder could mint). */
const mint = (json: string) => {
  const payload = Buffer.from(json).toString('base64url');
  return `${payload}.${createHmac('sha256', SECRET).update(payload).digest('base64url')}`;
};

describe('link tokens are parsed strictly (issue 16)', () => {
  it('accepts the token it signed', () => {
    expect(signer.verify(good)).toMatchObject({ target: 'run1', scope: 'edit', user: 'u1' });
  });

  it.each([
    ['junk appended after a dot', `${good}.junk`],
    ['an empty third part', `${good}.`],
    ['junk appended to the mac', `${good}AA`],
    ['padding added', `${good}=`],
    ['whitespace around', ` ${good}`],
    ['a trailing newline', `${good}\n`],
    [
      'standard base64 characters',
      good.replace(/-/g, '+').replace(/_/g, '/') + (good.includes('-') || good.includes('_') ? '' : '+'),
    ],
    ['no dot', good.replace('.', '')],
  ])('refuses %s', (_why, token) => {
    expect(refused(token)).toBe(true);
  });

  it('refuses a non-canonical spelling of the same mac (stray low bits in the last character)', () => {
    const [payload, sig] = good.split('.') as [string, string];
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(sig.at(-1) as string);
    const twin = `${payload}.${sig.slice(0, -1)}${alphabet[last + 1]}`;
    // Node decodes both spellings to the same 32 bytes; only the strict parse tells them apart.
    expect(Buffer.from(twin.split('.')[1] as string, 'base64url')).toEqual(Buffer.from(sig, 'base64url'));
    expect(refused(twin)).toBe(true);
  });

  it('refuses correctly signed claims of the wrong shape', () => {
    expect(refused(mint('{"target":"run1","scope":"admin","user":"u","exp":1900000000}'))).toBe(true);
    expect(refused(mint('{"target":"run1","scope":"view","user":"u","exp":"1900000000"}'))).toBe(true);
    expect(refused(mint('{"target":"run1","scope":"view","user":"u","exp":1900000000,"extra":1}'))).toBe(
      true,
    );
    expect(refused(mint('[]'))).toBe(true);
    expect(signer.verify(mint('{"target":"run1","scope":"view","user":"u","exp":1900000000}')).scope).toBe(
      'view',
    );
  });
});
