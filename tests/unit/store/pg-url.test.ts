import { describe, expect, it } from 'vitest';
import { isLoadLensError } from '../../../src/core/errors.js';
import { parseDatabaseUrl, scrubSecret } from '../../../src/store/pg-url.js';

const noFiles = (p: string): string => {
  throw new Error(`unexpected read of ${p}`);
};

describe('parseDatabaseUrl', () => {
  it('uses plain TCP without sslmode and names only host:port', () => {
    const t = parseDatabaseUrl('postgres://app:s3cr%40t@db.internal:6543/loadlens', noFiles);
    expect(t.ssl).toBe(false);
    expect(t.display).toBe('db.internal:6543');
    expect(t.secret).toBe('s3cr@t');
    expect(parseDatabaseUrl('postgresql://db/x', noFiles).display).toBe('db:5432');
  });

  it('verifies certificates for require and verify-full, and strips ssl parameters from the URL', () => {
    for (const mode of ['require', 'verify-full']) {
      const t = parseDatabaseUrl(`postgres://u:p@h/db?sslmode=${mode}&application_name=x`, noFiles);
      expect(t.ssl).toEqual({ rejectUnauthorized: true });
      expect(t.connectionString).not.toContain('sslmode');
      expect(t.connectionString).toContain('application_name=x');
    }
  });

  it('checks the chain but not the host name for verify-ca', () => {
    const t = parseDatabaseUrl('postgres://h/db?sslmode=verify-ca', noFiles);
    if (!t.ssl) throw new Error('expected TLS options');
    expect(t.ssl.rejectUnauthorized).toBe(true);
    expect(t.ssl.checkServerIdentity?.('h', {} as never)).toBeUndefined();
  });

  it('turns verification off only for the explicit no-verify', () => {
    expect(parseDatabaseUrl('postgres://h/db?sslmode=no-verify', noFiles).ssl).toEqual({
      rejectUnauthorized: false,
    });
    expect(parseDatabaseUrl('postgres://h/db?sslmode=prefer', noFiles).ssl).toBe(false);
  });

  it('reads CA and client certificate files', () => {
    const read = (p: string) => `PEM of ${p}`;
    const t = parseDatabaseUrl(
      'postgres://h/db?sslmode=verify-full&sslrootcert=/ca.pem&sslcert=/c.pem&sslkey=/k.pem',
      read,
    );
    expect(t.ssl).toEqual({
      rejectUnauthorized: true,
      ca: 'PEM of /ca.pem',
      cert: 'PEM of /c.pem',
      key: 'PEM of /k.pem',
    });
    expect(t.connectionString).not.toContain('sslrootcert');
  });

  it('rejects unknown modes, unreadable files and non-postgres URLs with CONFIG_INVALID', () => {
    const cases = [
      () => parseDatabaseUrl('postgres://h/db?sslmode=maybe', noFiles),
      () => parseDatabaseUrl('postgres://h/db?sslmode=require&sslrootcert=/nope', noFiles),
      () => parseDatabaseUrl('mysql://h/db', noFiles),
      () => parseDatabaseUrl('not a url', noFiles),
    ];
    for (const c of cases) {
      let err: unknown;
      try {
        c();
      } catch (e) {
        err = e;
      }
      expect(isLoadLensError(err, 'CONFIG_INVALID')).toBe(true);
    }
  });
});

describe('scrubSecret', () => {
  it('removes the password in plain and URL-encoded form and URL credentials', () => {
    const msg = 'failed for postgres://app:p%40ss@h/db: password "p@ss" rejected (p%40ss)';
    const out = scrubSecret(msg, 'p@ss');
    expect(out).not.toContain('p@ss');
    expect(out).not.toContain('p%40ss');
    expect(out).toContain('postgres://app:***@h/db');
  });
});
