import { connect } from 'node:net';

/** What came back for one raw request. */
export interface RawAnswer {
  /** Status of the first response line; null when the connection closed without one. */
  status: number | null;
  /** The bytes received, cut to 2 KiB (enough for the head). */
  head: string;
  /** True when nothing arrived before the timeout. */
  timedOut: boolean;
}

/**
 * Sends `bytes` as they are on a fresh TCP connection and reads until the server closes it
 * (or `timeoutMs`). Nothing between the test and the server parses or normalises the
 * request, so malformed targets and headers arrive exactly as written.
 */
export function rawRequest(port: number, bytes: string | Buffer, timeoutMs = 5_000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const socket = connect({ port, host: '127.0.0.1' });
    let done = false;
    const finish = (timedOut: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const head = Buffer.concat(chunks).toString('latin1').slice(0, 2048);
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      resolve({ status: m ? Number(m[1]) : null, head, timedOut });
    };
    const timer = setTimeout(() => finish(size === 0), timeoutMs);
    socket.on('data', (c: Buffer) => {
      if (size < 4096) chunks.push(c);
      size += c.length;
      // The head is all we judge; close once it is complete instead of waiting for keep-alive.
      if (Buffer.concat(chunks).includes('\r\n\r\n')) finish(false);
    });
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(false));
    socket.on('connect', () => {
      socket.write(bytes);
    });
  });
}

/** A request head with `Host` and `Connection: close`, plus extra header lines and a body. */
export function httpRequest(
  method: string,
  target: string,
  o: { headers?: string[]; body?: string; host?: string | null } = {},
): string {
  const lines = [`${method} ${target} HTTP/1.1`];
  if (o.host !== null) lines.push(`Host: ${o.host ?? 'loadlens.test'}`);
  lines.push('Connection: close', ...(o.headers ?? []));
  if (
    o.body !== undefined &&
    !(o.headers ?? []).some((h) => /^(content-length|transfer-encoding):/i.test(h))
  ) {
    lines.push(`Content-Length: ${Buffer.byteLength(o.body)}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n${o.body ?? ''}`;
}
