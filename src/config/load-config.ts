import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { LoadLensError } from '../core/errors.js';
import { type Env, envSchema, SECRET_KEYS } from './env.schema.js';
import { type FileConfig, fileConfigSchema } from './file.schema.js';

/** The whole configuration, parsed once at startup and passed down. */
export interface AppConfig {
  env: Env;
  file: FileConfig;
}

/** Side effects of loading, injectable for tests. */
export interface ConfigDeps {
  env?: Record<string, string | undefined>;
  readFile?: (path: string) => string;
}

/** Formats the first zod issue as `KEY: what is wrong (got "value")`. */
function describeIssue(error: z.ZodError, source: Record<string, unknown>, prefix = ''): string {
  const issue = error.issues[0];
  if (!issue) return `${prefix}invalid configuration`;
  const key = issue.path.join('.') || '(root)';
  const top = issue.path[0];
  const raw = typeof top === 'string' && prefix === '' ? source[top] : undefined;
  const secret = typeof top === 'string' && (SECRET_KEYS as readonly string[]).includes(top);
  const shown = raw === undefined || secret ? '' : ` (got "${String(raw).slice(0, 60)}")`;
  return `${prefix}${key}: ${issue.message}${shown}`;
}

/** Reads `<KEY>_FILE` for every secret key, so secrets can come from mounted files. */
function resolveFileSecrets(
  raw: Record<string, string | undefined>,
  readFile: (p: string) => string,
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== undefined && v !== '') out[k] = v;
  for (const key of SECRET_KEYS) {
    const file = raw[`${key}_FILE`];
    if (!file) continue;
    if (raw[key]) {
      throw new LoadLensError('CONFIG_INVALID', `${key}: set either ${key} or ${key}_FILE, not both`);
    }
    try {
      out[key] = readFile(file).replace(/\r?\n$/, '');
    } catch (cause) {
      throw new LoadLensError('CONFIG_INVALID', `${key}_FILE: cannot read ${file}`, { cause });
    }
  }
  return out;
}

/**
 * Parses the environment and the optional YAML file. Throws a CONFIG_INVALID error
 * whose message is one line naming the key and what is wrong.
 */
export function loadConfig(deps: ConfigDeps = {}): AppConfig {
  const readFile = deps.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  const raw = resolveFileSecrets(deps.env ?? process.env, readFile);
  const parsedEnv = envSchema.safeParse(raw);
  if (!parsedEnv.success) {
    throw new LoadLensError('CONFIG_INVALID', describeIssue(parsedEnv.error, raw));
  }
  const env = parsedEnv.data;
  let fileData: unknown = {};
  if (env.LOADLENS_CONFIG) {
    let text: string;
    try {
      text = readFile(env.LOADLENS_CONFIG);
    } catch (cause) {
      throw new LoadLensError('CONFIG_INVALID', `LOADLENS_CONFIG: cannot read ${env.LOADLENS_CONFIG}`, {
        cause,
      });
    }
    try {
      fileData = parseYaml(text) ?? {};
    } catch (cause) {
      const msg = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
      throw new LoadLensError('CONFIG_INVALID', `LOADLENS_CONFIG: not valid YAML: ${msg}`, { cause });
    }
  }
  const parsedFile = fileConfigSchema.safeParse(fileData);
  if (!parsedFile.success) {
    throw new LoadLensError(
      'CONFIG_INVALID',
      describeIssue(parsedFile.error, {}, `LOADLENS_CONFIG ${env.LOADLENS_CONFIG ?? ''}: `),
    );
  }
  return { env, file: parsedFile.data };
}
