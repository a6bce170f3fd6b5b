import { join } from 'node:path';
import { freePorts } from '../free-port.js';
import { retryOnPortClash, spawnServer, waitOrStop } from '../process.js';
import { makeTempDir, removeTempDir } from '../tmp.js';
import type { HarnessServer, StartOptions } from './types.js';

/** A child serving HTTP on loopback: the lab's exporters and apps. */
export interface HttpChildOptions extends StartOptions {
  /** Used in messages and as the temp-dir prefix. */
  name: string;
  bin: string;
  /** Command line for the ports picked (the first one is `url`'s). */
  args: (ports: number[]) => string[];
  /** Extra environment for the ports picked (merged over process.env). */
  env?: (ports: number[]) => NodeJS.ProcessEnv;
  /** How many free ports the child listens on (default 1). */
  ports?: number;
  /** Path that answers 200 once the child is ready (default `/metrics`). */
  readyPath?: string;
  cwd?: string;
}

/** A running HTTP child: `ports` are all its listening ports, `url` is on the first. */
export interface HttpChild extends HarnessServer {
  readonly ports: number[];
}

/**
 * Starts a server-like child on free loopback ports and waits until `readyPath` answers 200.
 * A port taken between the pick and the bind makes the start retry with fresh ports.
 */
export async function startHttpChild(opts: HttpChildOptions): Promise<HttpChild> {
  const started = Date.now();
  const dir = makeTempDir(opts.name, opts.tmpBase);
  try {
    const { proc, ports } = await retryOnPortClash(async () => {
      const ports = await freePorts(opts.ports ?? 1);
      const proc = spawnServer({
        name: opts.name,
        bin: opts.bin,
        args: opts.args(ports),
        env: { ...process.env, ...opts.env?.(ports) },
        logFile: join(dir, `${opts.name}.log`),
        cwd: opts.cwd ?? dir,
      });
      const url = `http://127.0.0.1:${ports[0]}${opts.readyPath ?? '/metrics'}`;
      await waitOrStop(
        proc,
        async () => (await fetch(url, { signal: AbortSignal.timeout(2_000) })).status === 200,
        opts.timeoutMs ?? 30_000,
      );
      return { proc, ports };
    });
    const port = ports[0] as number;
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      ports,
      dir,
      startupMs: Date.now() - started,
      stop: async () => {
        await proc.stop(5_000);
        await removeTempDir(dir);
      },
    };
  } catch (err) {
    await removeTempDir(dir);
    throw err;
  }
}
