import { accessSync, constants, readdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** An OS account a server must run as (PostgreSQL refuses to run as root). */
export interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Absolute path of `name` on PATH (plus /usr/sbin and /usr/bin, which a non-login root
 * shell may lack). Fails with the Debian package to install: the harness never skips.
 */
export function findBinary(
  name: string,
  debianPackage: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const dirs = [
    ...(env.PATH ?? '').split(delimiter).filter(Boolean),
    '/usr/local/bin',
    '/usr/bin',
    '/usr/sbin',
  ];
  for (const dir of dirs) {
    const path = join(dir, name);
    if (isExecutable(path)) return path;
  }
  throw new Error(`${name} not found: apt-get install ${debianPackage}`);
}

/** Like `findBinary`, but returns null instead of failing. */
export function findOptionalBinary(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  try {
    return findBinary(name, '-', env);
  } catch {
    return null;
  }
}

/**
 * The bin dir of the newest PostgreSQL under `root` (Debian installs `/usr/lib/postgresql/<major>/bin`).
 */
export function postgresBinDir(root = '/usr/lib/postgresql'): string {
  let versions: string[] = [];
  try {
    versions = readdirSync(root).filter((v) => /^\d+(\.\d+)?$/.test(v));
  } catch {
    // Handled below: no PostgreSQL at all.
  }
  versions.sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = join(root, v, 'bin');
    if (isExecutable(join(bin, 'initdb')) && isExecutable(join(bin, 'postgres'))) return bin;
  }
  throw new Error(`initdb/postgres not found under ${root}/*/bin: apt-get install postgresql`);
}

/** Looks an account up in /etc/passwd; fails naming the package that creates it. */
export function osUser(name: string, debianPackage: string, passwdFile = '/etc/passwd'): OsUser {
  const line = readFileSync(passwdFile, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) {
    throw new Error(`OS user ${name} not found: apt-get install ${debianPackage}`);
  }
  return { name, uid: Number(uid), gid: Number(gid) };
}

/** True when this process runs as root (CI does), so servers that refuse root need another user. */
export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}
