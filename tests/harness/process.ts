import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { appendFileSync, closeSync, openSync, readFileSync } from 'node:fs';
import { findOptionalBinary, isRoot, type OsUser } from './binaries.js';
import { removePendingTempDirsSync } from './tmp.js';

/** How a server process ended. */
export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running server child whose output goes to `logFile`. */
export interface ServerProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Null while the process runs. */
  exitInfo(): ExitInfo | null;
  /** Resolves once the process has exited. */
  readonly exited: Promise<ExitInfo>;
  /** Sends the stop signal, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnServerOptions {
  /** Used in messages (`postgres`, `redis`, …). */
  name: string;
  bin: string;
  args: string[];
  logFile: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Drop to this account when running as root (PostgreSQL refuses root). */
  runAs?: OsUser;
  /** Graceful stop signal; PostgreSQL wants SIGINT (fast shutdown; SIGTERM waits for clients). */
  stopSignal?: NodeJS.Signals;
}

/**
 * Children still alive. Module state on purpose: `process.on('exit')` is process-wide, and
 * a crashed test run must not leave servers behind.
 */
const live = new Map<number, NodeJS.Signals>();
let exitHookInstalled = false;

/** True when `pid` no longer runs (zombies count as gone: their parent may be dead or busy). */
export function processGone(pid: number): boolean {
  try {
    // A child that died while the event loop is stopped stays a zombie: count it as gone.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (/\)\s+[ZX]\s/.test(stat)) return true;
  } catch {
    // No /proc (not Linux) or the pid is gone: fall back to kill(0).
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

/** Synchronous sleep for the exit hook, which cannot await. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Stops every live child and removes pending temp dirs; runs when the test process exits. */
export function killAllSync(graceMs = 3_000): void {
  for (const [pid, signal] of live) {
    try {
      process.kill(pid, signal);
    } catch {
      live.delete(pid);
    }
  }
  const deadline = Date.now() + graceMs;
  while ([...live.keys()].some((pid) => !processGone(pid)) && Date.now() < deadline) sleepSync(50);
  for (const pid of live.keys()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  live.clear();
  removePendingTempDirsSync();
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => killAllSync());
}

interface Invocation {
  file: string;
  argv: string[];
  /** Set only when setpriv is missing: node then switches the user itself (no pdeathsig). */
  uid?: number;
  gid?: number;
}

/**
 * Command line for `bin args`, wrapped in util-linux `setpriv` when available: `--pdeathsig KILL`
 * makes the kernel kill the server even if the test process itself is SIGKILLed (no exit hook
 * runs then), and `--reuid/--regid/--init-groups` drops root for servers that refuse it.
 */
function wrap(bin: string, args: string[], runAs: OsUser | undefined): Invocation {
  const as = runAs !== undefined && isRoot() ? runAs : undefined;
  const setpriv = findOptionalBinary('setpriv');
  if (setpriv === null) return { file: bin, argv: args, uid: as?.uid, gid: as?.gid };
  const user = as ? ['--reuid', String(as.uid), '--regid', String(as.gid), '--init-groups'] : [];
  return { file: setpriv, argv: ['--pdeathsig', 'KILL', ...user, '--', bin, ...args] };
}

/** Starts a long-running server; stdout and stderr are appended to `logFile`. */
export function spawnServer(opts: SpawnServerOptions): ServerProcess {
  installExitHook();
  const { file, argv, uid, gid } = wrap(opts.bin, opts.args, opts.runAs);
  const fd = openSync(opts.logFile, 'a');
  let child: ChildProcess;
  try {
    const env = opts.env ?? process.env;
    child = spawn(file, argv, { cwd: opts.cwd, env, uid, gid, stdio: ['ignore', fd, fd] });
  } finally {
    // The child holds its own copy of the descriptor.
    closeSync(fd);
  }
  const stopSignal = opts.stopSignal ?? 'SIGTERM';
  let info: ExitInfo | null = null;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('exit', (code, signal) => {
      info = { code, signal };
      if (child.pid !== undefined) live.delete(child.pid);
      resolve(info);
    });
    child.once('error', (err) => {
      // Spawn failures (ENOENT, EACCES) go to the log, so the readiness error shows them.
      try {
        appendFileSync(opts.logFile, `spawn ${file} failed: ${err.message}\n`);
      } catch {
        // The readiness error still reports the exit.
      }
      info = { code: null, signal: null };
      resolve(info);
    });
  });
  if (child.pid !== undefined) live.set(child.pid, stopSignal);

  const stop = async (graceMs = 10_000): Promise<void> => {
    if (info !== null || child.pid === undefined) return;
    child.kill(stopSignal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };

  return {
    name: opts.name,
    pid: child.pid ?? -1,
    logFile: opts.logFile,
    exitInfo: () => info,
    exited,
    stop,
  };
}

/** The last `lines` lines of a log file ('' when it cannot be read). */
export function logTail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
}

/**
 * Polls `probe` until it returns true. Fails early when the server exits, and on timeout;
 * both errors carry the tail of the server's log, which is where the real reason is.
 */
export async function waitUntilReady(
  server: ServerProcess,
  probe: () => Promise<boolean>,
  { timeoutMs, intervalMs = 100 }: WaitOptions,
): Promise<void> {
  const started = Date.now();
  let lastError: unknown;
  for (;;) {
    const exit = server.exitInfo();
    if (exit !== null) {
      throw new Error(
        `${server.name} exited (code ${exit.code}, signal ${exit.signal}) before it was ready. Log tail:\n` +
          logTail(server.logFile),
      );
    }
    try {
      if (await probe()) return;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() - started > timeoutMs) {
      const why = lastError instanceof Error ? ` (last probe error: ${lastError.message})` : '';
      throw new Error(
        `${server.name} not ready after ${Math.round(timeoutMs / 1000)} s${why}. Log tail:\n${logTail(server.logFile)}`,
        { cause: lastError },
      );
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** `waitUntilReady`, but a server that never got ready is killed before the error is rethrown. */
export async function waitOrStop(
  server: ServerProcess,
  probe: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  try {
    await waitUntilReady(server, probe, { timeoutMs });
  } catch (err) {
    await server.stop(2_000);
    throw err;
  }
}

/** Runs a short command to completion (initdb, promtool); the error includes its output. */
export function runCommand(
  bin: string,
  args: string[],
  opts: { runAs?: OsUser; timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<{ stdout: string; stderr: string }> {
  installExitHook();
  const { file, argv, uid, gid } = wrap(bin, args, opts.runAs);
  return new Promise((resolve, reject) => {
    execFile(
      file,
      argv,
      {
        cwd: opts.cwd,
        uid,
        gid,
        timeout: opts.timeoutMs ?? 120_000,
        maxBuffer: 32 * 1024 * 1024,
        env: opts.env ?? process.env,
      },
      (err, stdout, stderr) => {
        if (err) {
          const output = `${stdout}\n${stderr}`.trim().split('\n').slice(-30).join('\n');
          reject(new Error(`${bin} ${args.join(' ')} failed: ${err.message}\n${output}`, { cause: err }));
        } else resolve({ stdout, stderr });
      },
    );
  });
}

/** True for failures caused by a port taken between `freePort()` and the server's bind. */
export function isPortClash(err: unknown): boolean {
  return (
    err instanceof Error &&
    /address already in use|EADDRINUSE|could not bind|Address in use/i.test(err.message)
  );
}

/** Runs `attempt` again (with fresh ports, up to `tries` times) when it failed on a port clash. */
export async function retryOnPortClash<T>(attempt: () => Promise<T>, tries = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (i >= tries || !isPortClash(err)) throw err;
    }
  }
}
