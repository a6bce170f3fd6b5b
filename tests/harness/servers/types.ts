/** What every throwaway server starter returns. */
export interface HarnessServer {
  /** Connection URL on 127.0.0.1. */
  readonly url: string;
  readonly port: number;
  /** The server's private temp dir (data, config, log); removed by `stop()`. */
  readonly dir: string;
  /** Milliseconds the start took, for the setup log. */
  readonly startupMs: number;
  /** Kills the server (graceful signal, then SIGKILL) and removes its temp dir. Idempotent. */
  stop(): Promise<void>;
}

/** Options common to every starter. */
export interface StartOptions {
  /** Readiness timeout (ms). */
  timeoutMs?: number;
  /** Parent of the server's temp dir (defaults to the OS temp dir). */
  tmpBase?: string;
}
