import { parseSampleValue, type RawSeries } from './series-build.js';

/** One Flux table of an annotated CSV answer. */
export interface FluxTable {
  result: string;
  table: string;
  columns: string[];
  /** `#datatype` per column (empty when the answer had no annotations). */
  datatypes: string[];
  /** `#group` per column: true for the table's group key. */
  group: boolean[];
  rows: string[][];
}

/** RFC 4180 rows: quoted fields with `""` escapes and embedded newlines; CRLF or LF. */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const isBlank = (row: string[]) => row.every((c) => c === '');

/**
 * Splits an annotated CSV answer of `/api/v2/query` into tables. Annotation rows
 * (`#datatype`, `#group`, `#default`) describe the header that follows; a blank line or a
 * new annotation block starts a new schema. Works without annotations too. An error table
 * (`error`, `reference` columns), which InfluxDB streams when a query fails mid-way, is
 * returned as `error`.
 */
export function parseAnnotatedCsv(text: string): { tables: FluxTable[]; error?: string } {
  const tables = new Map<string, FluxTable>();
  let annotations: Record<string, string[]> = {};
  let header: string[] | null = null;
  let error: string | undefined;

  for (const row of parseCsvRows(text)) {
    if (isBlank(row)) {
      header = null;
      annotations = {};
      continue;
    }
    const first = row[0] ?? '';
    if (first.startsWith('#')) {
      if (header) {
        header = null;
        annotations = {};
      }
      annotations[first.slice(1)] = row;
      continue;
    }
    if (!header) {
      header = row;
      continue;
    }
    const defaults = annotations.default ?? [];
    const cells = header.map((_, i) => {
      const cell = row[i] ?? '';
      return cell === '' ? (defaults[i] ?? '') : cell;
    });
    const col = (name: string) => {
      const i = header!.indexOf(name);
      return i < 0 ? '' : (cells[i] ?? '');
    };
    if (header.includes('error') && header.includes('reference') && !header.includes('_value')) {
      error ??= col('error') || 'unknown error';
      continue;
    }
    const key = `${col('result')}\u0000${col('table')}\u0000${header.join(',')}`;
    let table = tables.get(key);
    if (!table) {
      table = {
        result: col('result'),
        table: col('table'),
        columns: header,
        datatypes: annotations.datatype ?? [],
        group: (annotations.group ?? []).map((g) => g === 'true'),
        rows: [],
      };
      tables.set(key, table);
    }
    table.rows.push(cells);
  }
  return error === undefined ? { tables: [...tables.values()] } : { tables: [...tables.values()], error };
}

/** Columns that are bookkeeping, never labels or values. */
const RESERVED = new Set(['', 'result', 'table', '_start', '_stop', '_time', '_value']);
const NUMERIC = /^(double|long|unsignedLong|boolean)$/;

function cellNumber(cell: string, datatype: string | undefined): number {
  if (datatype === 'boolean' || cell === 'true' || cell === 'false') return cell === 'true' ? 1 : 0;
  return parseSampleValue(cell);
}

/**
 * Time series of Flux tables: one per table (or per numeric column after a `pivot`), with
 * the group key (minus bookkeeping columns) as labels. Tables without `_time` are skipped.
 */
export function fluxTablesToRaw(tables: FluxTable[]): RawSeries[] {
  const out: RawSeries[] = [];
  for (const table of tables) {
    const { columns, rows, datatypes } = table;
    const timeIdx = columns.indexOf('_time');
    if (timeIdx < 0 || rows.length === 0) continue;
    const annotated = table.group.length === columns.length;
    const labelIdx = [...columns.keys()].filter((i) => {
      const c = columns[i]!;
      if (RESERVED.has(c)) return false;
      if (annotated) return table.group[i] === true;
      // Without #group, a column constant over the table is taken as part of its key.
      return rows.every((r) => r[i] === rows[0]![i]) && Number.isNaN(Number(rows[0]![i]));
    });
    const labels: Record<string, string> = {};
    for (const i of labelIdx) labels[columns[i]!] = rows[0]![i] ?? '';
    const valueIdx = columns.indexOf('_value');
    const valueCols =
      valueIdx >= 0
        ? [valueIdx]
        : [...columns.keys()]
            .filter((i) => !RESERVED.has(columns[i]!) && !labelIdx.includes(i))
            .filter((i) =>
              annotated ? NUMERIC.test(datatypes[i] ?? '') : !Number.isNaN(Number(rows[0]![i])),
            );
    const t = rows.map((r) => Date.parse(r[timeIdx] ?? ''));
    for (const i of valueCols) {
      const own = valueIdx >= 0 ? labels : { ...labels, _field: columns[i]! };
      const { _field, _measurement, ...tags } = own;
      out.push({
        labels: own,
        nameLabels: { __name__: _field ?? _measurement ?? columns[i]!, ...tags },
        t: [...t],
        v: rows.map((r) => cellNumber(r[i] ?? '', datatypes[i])),
      });
    }
  }
  return out;
}
