import { z } from 'zod';

const url = z.url({ message: 'must be a URL such as http://host:9090' });
const optionalUrl = url.optional();
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const csv = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
const intIn = (min: number, max: number) =>
  z.coerce
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .min(min, { message: `must be at least ${min}` })
    .max(max, { message: `must be at most ${max}` });

/** Names of settings whose values are secrets: readable from `<NAME>_FILE`, never logged. */
export const SECRET_KEYS = [
  'GRAFANA_TOKEN',
  'INFLUX_TOKEN',
  'INFLUX_PASSWORD',
  'DATABASE_URL',
  'REDIS_URL',
  'LOADLENS_SECRET',
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_WEBHOOK_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
  'WEBHOOK_TOKEN',
  'WEBHOOK_BASIC_PASSWORD',
  'GRAFANA_WEBHOOK_SECRET',
  'OPENAI_API_KEY',
  'ANTHROPIC_API_KEY',
] as const;

/**
 * The environment contract. Every user-facing name is kept stable; the README's
 * configuration reference is written from this schema.
 */
export const envSchema = z.object({
  // Metric sources
  PROMETHEUS_URL: optionalUrl,
  PROMETHEUS_TIMEOUT_MS: intIn(100, 600_000).default(30_000),
  PROMETHEUS_CONCURRENCY: intIn(1, 64).default(8),
  PROMETHEUS_MAX_POINTS: intIn(100, 11_000).default(11_000),
  GRAFANA_URL: optionalUrl,
  GRAFANA_TOKEN: z.string().min(1).optional(),
  GRAFANA_DATASOURCE_UID: z.string().min(1).optional(),
  INFLUX_URL: optionalUrl,
  INFLUX_DB: z.string().min(1).optional(),
  INFLUX_USER: z.string().min(1).optional(),
  INFLUX_PASSWORD: z.string().min(1).optional(),
  INFLUX_TOKEN: z.string().min(1).optional(),
  INFLUX_ORG: z.string().min(1).optional(),
  INFLUX_BUCKET: z.string().min(1).optional(),
  // Storage and queue
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: 'must start with postgres:// or postgresql://' })
    .optional(),
  DATABASE_POOL_SIZE: intIn(1, 100).default(10),
  /** A schema instead of `public` (several deployments or tests in one database). */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'must be a lower-case SQL identifier' })
    .optional(),
  LOADLENS_DATA_DIR: z.string().min(1).default('./data'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, { message: 'must start with redis:// or rediss://' })
    .optional(),
  QUEUE_PREFIX: z.string().min(1).default('loadlens'),
  WORKER_CONCURRENCY: intIn(1, 64).default(2),
  /** Tries of a job through a store or Redis outage, first retry delay, and the cap of the doubling delay. */
  JOB_ATTEMPTS: intIn(1, 100).default(15),
  JOB_BACKOFF_MS: intIn(0, 600_000).default(1_000),
  JOB_BACKOFF_MAX_MS: intIn(0, 3_600_000).default(120_000),
  /** Retention of finished jobs and of BullMQ's events stream, so Redis memory stays flat. */
  QUEUE_KEEP_COMPLETED: intIn(0, 1_000_000).default(1_000),
  QUEUE_KEEP_FAILED: intIn(0, 1_000_000).default(5_000),
  QUEUE_KEEP_AGE_SEC: intIn(60, 31_536_000).default(3_600),
  QUEUE_EVENTS_MAX_LEN: intIn(100, 1_000_000).default(2_000),
  /** Days chat delivery records are kept (they guard retries, which end within QUEUE_KEEP_AGE_SEC). */
  DELIVERY_KEEP_DAYS: intIn(1, 3_650).default(30),
  /** Bound of a chat command's database call: past it the chat hears "the database is unavailable". */
  CHAT_STORE_TIMEOUT_MS: intIn(100, 60_000).default(3_000),
  /** BullMQ job lock and stalled-job check (ms): how soon a dead worker's job moves on. */
  QUEUE_LOCK_MS: intIn(1_000, 600_000).default(30_000),
  QUEUE_STALLED_INTERVAL_MS: intIn(500, 600_000).default(30_000),
  /** TEST ONLY (chaos tests): fault points where a worker kills itself, see src/pipeline/faults.ts. */
  LOADLENS_FAULT_KILL_AT: z.string().optional(),
  // Web and links
  PUBLIC_URL: optionalUrl,
  PORT: intIn(1, 65_535).default(8080),
  LOADLENS_SECRET: z.string().min(16, { message: 'must be at least 16 characters' }).optional(),
  /** Chart render worker threads; default min(2, cores − 1), at least 1 (src/render/render-pool.ts). */
  RENDER_WORKERS: intIn(1, 16).optional(),
  /** Chromium for PDF export (puppeteer-core); Debian's by default. */
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  // Presentation
  LOCALE: z.enum(['ru', 'en'], { message: 'must be ru or en' }).default('en'),
  TZ: z
    .string()
    .default('UTC')
    .refine(
      (tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      },
      { message: 'must be an IANA time zone such as Europe/Moscow' },
    ),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  LOADLENS_CONFIG: z.string().min(1).optional(),
  MAX_REPORT_INTERVAL_HOURS: intIn(1, 24 * 31).default(24),
  // Chat front ends
  TELEGRAM_BOT_TOKEN: z.string().min(1).optional(),
  TELEGRAM_API_ROOT: url.default('https://api.telegram.org'),
  TELEGRAM_WEBHOOK_URL: optionalUrl,
  TELEGRAM_WEBHOOK_SECRET: z.string().min(1).optional(),
  TELEGRAM_ALLOWED_CHATS: csv.default([]),
  SLACK_BOT_TOKEN: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z.string().min(1).optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_API_URL: url.default('https://slack.com/api/'),
  SLACK_ALLOWED_CHANNELS: csv.default([]),
  // Alert webhooks
  WEBHOOK_TOKEN: z.string().min(1).optional(),
  WEBHOOK_BASIC_USER: z.string().min(1).optional(),
  WEBHOOK_BASIC_PASSWORD: z.string().min(1).optional(),
  GRAFANA_WEBHOOK_SECRET: z.string().min(1).optional(),
  ALERT_CHATS: csv.default([]),
  /** Header carrying the Grafana signature timestamp (seconds), part of the signed text. */
  GRAFANA_WEBHOOK_TIMESTAMP_HEADER: z.string().min(1).default('X-Grafana-Alerting-Signature-Timestamp'),
  /** Largest accepted alert webhook body. */
  WEBHOOK_MAX_BODY_BYTES: intIn(1_024, 64 * 1024 * 1024).default(1024 * 1024),
  /** Alert webhook requests in flight at once; beyond it they get 503 (senders retry). */
  WEBHOOK_MAX_PENDING: intIn(1, 100_000).default(2_000),
  // LLM
  LLM_PROVIDER: z.enum(['none', 'openai', 'anthropic']).default('none'),
  LLM_MODEL: z.string().min(1).optional(),
  LLM_TIMEOUT_MS: intIn(1_000, 600_000).default(60_000),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: optionalUrl,
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_BASE_URL: optionalUrl,
  /** Model calls in flight at once, across all reports of the process. */
  LLM_CONCURRENCY: intIn(1, 32).default(3),
  /** Extra attempts after a transient failure (5xx, 429, connection). */
  LLM_RETRIES: intIn(0, 10).default(2),
  /** Token budget of the context pack sent with each prompt. */
  LLM_MAX_CONTEXT_TOKENS: intIn(500, 200_000).default(6_000),
  LLM_MAX_OUTPUT_TOKENS: intIn(100, 32_000).default(1_500),
  /** OpenAI-compatible servers: `json_object`, `json_schema` or `none` (no response_format). */
  LLM_RESPONSE_FORMAT: z.enum(['json_object', 'json_schema', 'none']).default('json_object'),
  /** USD per million tokens; override the built-in price table (e.g. 0 for a local model). */
  LLM_PRICE_INPUT_PER_MTOK: z.coerce.number({ message: 'must be a number' }).min(0).optional(),
  LLM_PRICE_OUTPUT_PER_MTOK: z.coerce.number({ message: 'must be a number' }).min(0).optional(),
  // Flags
  LOADLENS_DEMO: bool.default(false),
});

/** Parsed environment. */
export type Env = z.infer<typeof envSchema>;
