import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { LoadLensError } from '../core/errors.js';

const BLOCK = 512;

function field(header: Buffer, offset: number, length: number): string {
  const raw = header.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? length : end).toString('utf8');
}

function octal(header: Buffer, offset: number, length: number): number {
  const text = field(header, offset, length).trim();
  return text === '' ? 0 : Number.parseInt(text, 8);
}

/**
 * Extracts an uncompressed ustar archive (regular files and directories only, as PGlite's
 * `dumpDataDir` writes them) below `dest`. Written here instead of a dependency because
 * the store needs just this much; any other entry type, or a path leaving `dest`, is
 * refused rather than guessed at. Asynchronous, so the event loop keeps serving the
 * queries a report sends while its store is being set up.
 */
export async function extractTar(tar: Buffer, dest: string): Promise<number> {
  const root = resolve(dest);
  await mkdir(root, { recursive: true });
  let files = 0;
  for (let at = 0; at + BLOCK <= tar.length; ) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) break; // end-of-archive marker
    const prefix = field(header, 345, 155);
    const name = (prefix ? `${prefix}/` : '') + field(header, 0, 100);
    const size = octal(header, 124, 12);
    const mode = octal(header, 100, 8) & 0o777;
    const type = String.fromCharCode(header[156] ?? 0);
    const target = resolve(root, `.${sep}${name.replace(/^\/+/, '')}`);
    if (target !== root && !target.startsWith(root + sep)) {
      throw new LoadLensError('STORE_ERROR', `seed archive entry ${name} leaves ${root}`, {
        retryable: false,
      });
    }
    at += BLOCK;
    if (type === '5') await mkdir(target, { recursive: true });
    else if (type === '0' || type === '\0') {
      await mkdir(join(target, '..'), { recursive: true });
      await writeFile(target, tar.subarray(at, at + size), { mode: mode || 0o600 });
      files++;
    } else {
      throw new LoadLensError('STORE_ERROR', `seed archive entry ${name} has unsupported type "${type}"`, {
        retryable: false,
      });
    }
    at += Math.ceil(size / BLOCK) * BLOCK;
  }
  return files;
}
