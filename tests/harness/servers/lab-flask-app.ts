import { join } from 'node:path';
import { type HttpChild, startHttpChild } from './http-child.js';
import type { StartOptions } from './types.js';

const APP = join(import.meta.dirname, '..', '..', 'lab', 'flask-app', 'app.py');

/**
 * Debian's interpreter, not the one on PATH: python3-flask and python3-prometheus-client
 * are installed for /usr/bin/python3 (a pyenv or venv python3 on PATH lacks them).
 */
export const DEBIAN_PYTHON = '/usr/bin/python3';

/** Starts tests/lab/flask-app (werkzeug threaded server) on a free port. */
export function startFlaskApp(opts: StartOptions & { workIterations?: number } = {}): Promise<HttpChild> {
  return startHttpChild({
    ...opts,
    name: 'flask-app',
    bin: DEBIAN_PYTHON,
    args: () => ['-u', APP],
    env: ([port]) => ({
      PORT: String(port),
      WORK_ITERATIONS: String(opts.workIterations ?? 60_000),
      PYTHONDONTWRITEBYTECODE: '1',
    }),
  });
}
