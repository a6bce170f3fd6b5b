/*
 * BullMQ rejects custom job ids that look like integers and ids with a `:` (unless they have
 * exactly three parts), yet callers naturally write ids such as `report:run-42`. The ids are
 * therefore escaped, injectively: `%` → `%25`, `:` → `%3A`, and an integer-looking result gets
 * a `%N` prefix (no escaped id can start with `%N`).
 */

const INTEGER_PREFIX = '%N';

function looksLikeInteger(id: string): boolean {
  return `${Number.parseInt(id, 10)}` === id;
}

/** The BullMQ job id for a caller's jobId. */
export function toBullJobId(jobId: string): string {
  const escaped = jobId.replace(/%/g, '%25').replace(/:/g, '%3A');
  return looksLikeInteger(escaped) ? INTEGER_PREFIX + escaped : escaped;
}

/** The caller's jobId back from a BullMQ job id. */
export function fromBullJobId(bullId: string): string {
  const body = bullId.startsWith(INTEGER_PREFIX) ? bullId.slice(INTEGER_PREFIX.length) : bullId;
  return body.replace(/%(25|3A)/g, (_, code: string) => (code === '25' ? '%' : ':'));
}
