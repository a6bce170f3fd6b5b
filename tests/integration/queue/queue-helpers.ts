import { randomUUID } from 'node:crypto';

/** A Redis key prefix no other test (or test run) shares. */
export function uniquePrefix(tag: string): string {
  return `lltest-${tag}-${process.pid}-${randomUUID().slice(0, 8)}`;
}
