/**
 * Request-body parsing and Telegram-like validation for the fake Bot API: JSON, urlencoded
 * and multipart bodies (grammY streams multipart with chunked transfer encoding), and the
 * HTML parse-mode check Telegram applies to message text.
 */
import type { IncomingMessage } from 'node:http';

/** A file part of a multipart body. */
export interface UploadedFile {
  /** The form field name (grammY uses a random id referenced as `attach://<id>`). */
  field: string;
  filename: string;
  size: number;
  /** True when the bytes start with the PNG signature. */
  png: boolean;
  bytes: Buffer;
}

/** A parsed API request body. */
export interface ParsedBody {
  params: Record<string, unknown>;
  files: Record<string, UploadedFile>;
  contentType: string;
  /** True when the request came with `Transfer-Encoding: chunked`. */
  chunked: boolean;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Form values: JSON objects/arrays are decoded, everything else stays a string. */
function decodeValue(v: string): unknown {
  if (/^[[{]/.test(v)) {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }
  return v;
}

/** One part of a multipart body. */
interface Part {
  name: string;
  filename?: string;
  data: Buffer;
}

/**
 * A lenient multipart/form-data parser. grammY writes headers as
 * `content-disposition:form-data;name="x";filename=photo.png` (no spaces, unquoted file
 * name), which Telegram accepts but undici's `Request.formData()` rejects.
 */
export function parseMultipart(body: Buffer, boundary: string): Part[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new Error('multipart boundary not found');
  while (true) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') break;
    if (body.subarray(pos, pos + 2).toString() === '\r\n') pos += 2;
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), pos);
    if (next < 0) throw new Error('multipart body is truncated');
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0 || headerEnd > next) throw new Error('multipart part without headers');
    const headers = body.subarray(pos, headerEnd).toString('utf8');
    const disposition = /content-disposition\s*:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const param = (key: string) =>
      new RegExp(`;\\s*${key}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(disposition);
    const name = param('name');
    if (!name) throw new Error('multipart part without a name');
    const filename = param('filename');
    parts.push({
      name: (name[1] ?? name[2]) as string,
      ...(filename ? { filename: (filename[1] ?? filename[2]) as string } : {}),
      data: body.subarray(headerEnd + 4, next),
    });
    pos = next + 2;
  }
  return parts;
}

/** Reads and parses a Bot API request body of any of the three encodings. */
export async function parseBody(req: IncomingMessage): Promise<ParsedBody> {
  const contentType = String(req.headers['content-type'] ?? '');
  const chunked = /chunked/i.test(String(req.headers['transfer-encoding'] ?? ''));
  const out: ParsedBody = { params: {}, files: {}, contentType, chunked };
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body = Buffer.concat(chunks);
  if (contentType.startsWith('multipart/form-data')) {
    const boundary = /boundary=("?)([^";]+)\1/i.exec(contentType)?.[2];
    if (!boundary) throw new Error('multipart body without a boundary');
    for (const part of parseMultipart(body, boundary)) {
      if (part.filename === undefined) {
        out.params[part.name] = decodeValue(part.data.toString('utf8'));
        continue;
      }
      out.files[part.name] = {
        field: part.name,
        filename: part.filename,
        size: part.data.length,
        png: part.data.subarray(0, 8).equals(PNG_SIGNATURE),
        bytes: part.data,
      };
    }
    return out;
  }
  const raw = body.toString('utf8');
  if (raw === '') return out;
  if (contentType.startsWith('application/json')) {
    out.params = JSON.parse(raw) as Record<string, unknown>;
  } else {
    for (const [k, v] of new URLSearchParams(raw)) out.params[k] = decodeValue(v);
  }
  return out;
}

const ALLOWED_TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'a',
  'code',
  'pre',
  'tg-spoiler',
  'blockquote',
]);

/**
 * Checks Telegram HTML: only supported tags, properly nested and closed, and only the
 * named entities Telegram knows (`&lt; &gt; &amp; &quot;`) or numeric ones. Returns the
 * visible text (what Telegram counts against the limits) or throws with Telegram's wording.
 */
export function parseTelegramHtml(html: string): string {
  const stack: string[] = [];
  let visible = '';
  let i = 0;
  while (i < html.length) {
    const ch = html[i] as string;
    if (ch === '<') {
      const end = html.indexOf('>', i);
      if (end < 0) throw new Error(`can't parse entities: unclosed start tag at byte offset ${i}`);
      const tag = html.slice(i + 1, end);
      const closing = tag.startsWith('/');
      const name = (closing ? tag.slice(1) : tag).split(/\s/)[0]?.toLowerCase() ?? '';
      if (!ALLOWED_TAGS.has(name)) throw new Error(`can't parse entities: unsupported start tag "${name}"`);
      if (closing) {
        if (stack.pop() !== name) throw new Error(`can't parse entities: unmatched end tag "${name}"`);
      } else {
        if (name === 'a' && !/^a\s+href="[^"]*"$/.test(tag)) {
          throw new Error(`can't parse entities: bad <a> tag "${tag}"`);
        }
        stack.push(name);
      }
      i = end + 1;
      continue;
    }
    if (ch === '>') throw new Error(`can't parse entities: character '>' is reserved`);
    if (ch === '&') {
      const m = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/i.exec(html.slice(i, i + 12));
      if (!m) throw new Error(`can't parse entities: unsupported entity at byte offset ${i}`);
      visible +=
        m[1] === 'lt' ? '<' : m[1] === 'gt' ? '>' : m[1] === 'amp' ? '&' : m[1] === 'quot' ? '"' : '?';
      i += m[0].length;
      continue;
    }
    visible += ch;
    i++;
  }
  if (stack.length > 0) throw new Error(`can't parse entities: unclosed tag "${stack.pop()}"`);
  return visible;
}
