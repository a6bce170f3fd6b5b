/**
 * Encoders for PostgreSQL's binary array format (what `array_recv` reads). Bulk point
 * inserts bind whole arrays as one parameter; the binary form skips float parsing on the
 * server, which dominates insert time on PGlite (WebAssembly).
 *
 * Layout: ndim int32, has-null flag int32, element type oid int32, then per dimension
 * (length int32, lower bound int32), then per element (byte length int32 or -1 for NULL,
 * bytes). All integers are big-endian.
 */

const OID_INT8 = 20;
const OID_FLOAT8 = 701;
const OID_TIMESTAMPTZ = 1184;
/** 2000-01-01T00:00:00Z, PostgreSQL's timestamp epoch, in Unix milliseconds. */
const PG_EPOCH_MS = 946_684_800_000;
const HEADER = 20;

function encode(
  oid: number,
  n: number,
  isNull: (i: number) => boolean,
  write: (dv: DataView, offset: number, i: number) => void,
): Uint8Array {
  const buf = new Uint8Array(HEADER + n * 12);
  const dv = new DataView(buf.buffer);
  let hasNull = 0;
  let o = HEADER;
  for (let i = 0; i < n; i++) {
    if (isNull(i)) {
      dv.setInt32(o, -1);
      o += 4;
      hasNull = 1;
    } else {
      dv.setInt32(o, 8);
      write(dv, o + 4, i);
      o += 12;
    }
  }
  dv.setInt32(0, 1);
  dv.setInt32(4, hasNull);
  dv.setInt32(8, oid);
  dv.setInt32(12, n);
  dv.setInt32(16, 1);
  return buf.subarray(0, o);
}

/** A float8[] value; NaN (and missing entries) become SQL NULL, ±Infinity is kept. */
export function float8Array(values: ArrayLike<number>, start = 0, end = values.length): Uint8Array {
  return encode(
    OID_FLOAT8,
    end - start,
    (i) => Number.isNaN(values[start + i] ?? Number.NaN),
    (dv, o, i) => dv.setFloat64(o, values[start + i]!),
  );
}

/** A timestamptz[] value from epoch milliseconds (sub-millisecond parts keep microseconds). */
export function timestamptzArray(ms: ArrayLike<number>, start = 0, end = ms.length): Uint8Array {
  return encode(
    OID_TIMESTAMPTZ,
    end - start,
    () => false,
    (dv, o, i) => dv.setBigInt64(o, BigInt(Math.round((ms[start + i]! - PG_EPOCH_MS) * 1000))),
  );
}

/** An int8[] value from safe integers. */
export function int8Array(values: ArrayLike<number>, start = 0, end = values.length): Uint8Array {
  return encode(
    OID_INT8,
    end - start,
    () => false,
    (dv, o, i) => dv.setBigInt64(o, BigInt(values[start + i]!)),
  );
}

/** Array type oids whose parameters may arrive binary-encoded (PGlite needs to know). */
export const BINARY_ARRAY_OIDS = [1016, 1022, 1185] as const;
