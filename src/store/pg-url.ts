import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { LoadLensError } from '../core/errors.js';

/** A DATABASE_URL split into what node-postgres needs and what may be shown to people. */
export interface PgTarget {
  /** The URL without the `ssl*` parameters (TLS is configured through `ssl`). */
  connectionString: string;
  /** `false` for plain TCP, else node TLS options (certificates verified unless `sslmode=no-verify`). */
  ssl: false | ConnectionOptions;
  /** `host:port`, safe for messages and logs. */
  display: string;
  /** The password (decoded), so error messages can be scrubbed of it; never log this. */
  secret: string | null;
}

/** Parameters handled here rather than by node-postgres. */
const SSL_PARAMS = ['sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'uselibpqcompat'];

/**
 * Parses a `postgres://` URL. TLS follows libpq names but always verifies certificates:
 * `require`/`verify-ca`/`verify-full` check the chain (`verify-full` also the host name;
 * `require` too, because a chain check without a name check protects little);
 * `disable`/`allow`/`prefer` or no `sslmode` mean plain TCP; `no-verify` is the explicit,
 * insecure opt-out. `sslrootcert`, `sslcert`, `sslkey` name PEM files.
 */
export function parseDatabaseUrl(raw: string, readFile: (p: string) => string = readPem): PgTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new LoadLensError('CONFIG_INVALID', 'DATABASE_URL: not a valid URL', { cause });
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new LoadLensError('CONFIG_INVALID', 'DATABASE_URL: must start with postgres:// or postgresql://');
  }
  const p = url.searchParams;
  const mode = p.get('sslmode') ?? 'disable';
  const files = { ca: p.get('sslrootcert'), cert: p.get('sslcert'), key: p.get('sslkey') };
  for (const k of SSL_PARAMS) p.delete(k);
  const socketHost = p.get('host');
  const host = socketHost ?? (url.hostname || 'localhost');
  const display = `${host}:${url.port || '5432'}`;
  const secret = url.password ? decodeURIComponent(url.password) : null;

  let ssl: false | ConnectionOptions;
  switch (mode) {
    case 'disable':
    case 'allow':
    case 'prefer':
      ssl = false;
      break;
    case 'require':
    case 'verify-full':
      ssl = { rejectUnauthorized: true };
      break;
    case 'verify-ca':
      // Chain verified, host name not (libpq semantics).
      ssl = { rejectUnauthorized: true, checkServerIdentity: () => undefined };
      break;
    case 'no-verify':
      ssl = { rejectUnauthorized: false };
      break;
    default:
      throw new LoadLensError(
        'CONFIG_INVALID',
        `DATABASE_URL: sslmode must be one of disable, prefer, require, verify-ca, verify-full, no-verify (got "${mode}")`,
      );
  }
  if (ssl) {
    for (const [k, path] of Object.entries(files)) {
      if (!path) continue;
      try {
        ssl[k as 'ca' | 'cert' | 'key'] = readFile(path);
      } catch (cause) {
        throw new LoadLensError(
          'CONFIG_INVALID',
          `DATABASE_URL: cannot read ssl${k === 'ca' ? 'rootcert' : k} ${path}`,
          {
            cause,
          },
        );
      }
    }
  }
  return { connectionString: url.toString(), ssl, display, secret };
}

function readPem(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Removes the password (raw and URL-encoded) and any URL credentials from a message. */
export function scrubSecret(message: string, secret: string | null): string {
  let out = message.replace(/(\w+:\/\/)([^/\s:@]+):([^/\s@]+)@/g, '$1$2:***@');
  if (secret) {
    for (const s of new Set([secret, encodeURIComponent(secret)])) out = out.split(s).join('***');
  }
  return out;
}
