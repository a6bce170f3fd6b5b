import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The package root (the folder holding package.json). Assets such as SQL files, fonts,
 * prompts and recordings are resolved from here, so the same lookup works from `src/`
 * under vitest and from `dist/` after a build.
 */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + import.meta.url);
    dir = up;
  }
  root = dir;
  return dir;
}

/** Absolute path of an asset below the package root. */
export function assetPath(...segments: string[]): string {
  return join(packageRoot(), ...segments);
}
