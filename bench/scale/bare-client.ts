/**
 * The bare client: the requests a report sent, each once, all at once, with plain fetch and
 * nothing else (no limits, retries, parsing beyond JSON). The floor any client of the same
 * queries pays against the same Prometheus.
 */
import type { RecordedRequest } from './report-child.js';

/** The distinct requests of a recording (a retried request counts once). */
export function distinctRequests(requests: readonly RecordedRequest[]): RecordedRequest[] {
  const seen = new Map<string, RecordedRequest>();
  for (const r of requests) {
    const key = `${r.method} ${r.url}\n${r.body ?? ''}`;
    if (!seen.has(key)) seen.set(key, r);
  }
  return [...seen.values()];
}

/**
 * Sends `requests` concurrently; resolves with the wall time (ms) until every body is
 * parsed, and how many were answered with an error status.
 */
export async function replayAtOnce(
  requests: readonly RecordedRequest[],
  fetchFn: typeof fetch = fetch,
): Promise<{ ms: number; failed: number }> {
  let failed = 0;
  const t0 = performance.now();
  await Promise.all(
    requests.map(async (r) => {
      const res = await fetchFn(r.url, {
        method: r.method,
        body: r.body,
        headers: r.contentType ? { 'Content-Type': r.contentType } : undefined,
      });
      if (!res.ok) failed++;
      await res.json();
    }),
  );
  return { ms: performance.now() - t0, failed };
}
