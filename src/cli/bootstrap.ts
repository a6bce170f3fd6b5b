import { type AppConfig, loadConfig } from '../config/load-config.js';
import { type Clock, systemClock } from '../core/clock.js';
import { createLogger, type Logger, type LogLevel } from '../core/logger.js';
import { sharedRenderPool } from '../render/chart-renderer.js';
import { createLazyStore } from '../store/lazy-store.js';
import { type OpenStoreOptions, openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';

/** Process-level dependencies for a CLI command; tests inject their own. */
export interface CliDeps {
  env?: Record<string, string | undefined>;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  clock?: Clock;
  fetch?: typeof fetch;
}

/** What a command runs with, built once from the environment. */
export interface CliApp {
  config: AppConfig;
  store: Store;
  logger: Logger;
  clock: Clock;
  out: (text: string) => void;
  err: (text: string) => void;
  fetch?: typeof fetch;
  /**
   * Begins opening a store made with `lazyStore` (a no-op otherwise): call it once the
   * command's first queries are on their way, so the store's start-up overlaps them.
   */
  startStore: () => void;
}

/** How {@link bootstrap} opens the store. */
export interface BootstrapOptions {
  /**
   * Open the store on first use or at `startStore()` instead of before returning: the
   * report command's queries then never wait for the embedded database to start.
   */
  lazyStore?: boolean;
}

/**
 * Parses config (fail fast) and opens the store. CLI logs go to stderr at `warn` unless
 * LOG_LEVEL says otherwise, so `--json` output on stdout stays one clean object.
 */
export async function bootstrap(
  deps: CliDeps,
  envOverrides: Record<string, string | undefined> = {},
  opts: BootstrapOptions = {},
): Promise<CliApp> {
  const env = { ...(deps.env ?? process.env), ...envOverrides };
  const config = loadConfig({ env });
  const err = deps.stderr ?? ((t: string) => process.stderr.write(t));
  const level: LogLevel = env.LOG_LEVEL ? config.env.LOG_LEVEL : 'warn';
  const logger = createLogger({ level, write: (line) => err(line + '\n') });
  // Fixes the pool's size; its workers start only when a chart is drawn.
  sharedRenderPool({ size: config.env.RENDER_WORKERS, logger });
  const storeOptions: OpenStoreOptions = {
    databaseUrl: config.env.DATABASE_URL,
    dataDir: config.env.LOADLENS_DATA_DIR,
    schema: config.env.DATABASE_SCHEMA,
    poolSize: config.env.DATABASE_POOL_SIZE,
    logger,
  };
  const lazy = opts.lazyStore
    ? createLazyStore(() => openStore(storeOptions), config.env.DATABASE_URL ? 'postgres' : 'pglite')
    : undefined;
  const store = lazy ?? (await openStore(storeOptions));
  return {
    config,
    store,
    startStore: () => lazy?.start(),
    logger,
    clock: deps.clock ?? systemClock,
    out: deps.stdout ?? ((t: string) => process.stdout.write(t)),
    err,
    fetch: deps.fetch,
  };
}
