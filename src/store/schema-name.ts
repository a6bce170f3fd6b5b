import { z } from 'zod';
import { LoadLensError } from '../core/errors.js';

/**
 * Schema names end up inside DDL and connection options, where parameters are not
 * allowed, so only plain lower-case identifiers are accepted.
 */
export const schemaNameSchema = z
  .string()
  .regex(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'must be a lower-case identifier ([a-z_][a-z0-9_]*)' });

/** Validates a schema name and returns it double-quoted for DDL. */
export function quoteSchema(name: string): string {
  const parsed = schemaNameSchema.safeParse(name);
  if (!parsed.success) {
    throw new LoadLensError('CONFIG_INVALID', `store schema "${name}": ${parsed.error.issues[0]?.message}`);
  }
  return `"${parsed.data}"`;
}
