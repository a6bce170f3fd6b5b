import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { isLoadLensError } from '../../../src/core/errors.js';
import { createInflux2Source } from '../../../src/sources/flux-client.js';
import { fluxTablesToRaw, parseAnnotatedCsv, parseCsvRows } from '../../../src/sources/flux-csv.js';
import { substituteFlux } from '../../../src/sources/influx-template.js';
import { type FakeServer, noSleep, sendJson, startFakeServer } from './fake-server.js';

const FROM = Date.UTC(2024, 0, 1, 10);
const TO = FROM + 3600_000;

/** Two tables of one result, then a second result with another schema — as InfluxDB 2.x streams them. */
const CSV = [
  '#group,false,false,true,true,false,false,true,true,true',
  '#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,double,string,string,string',
  '#default,_result,,,,,,,,',
  ',result,table,_start,_stop,_time,_value,_field,_measurement,transaction',
  ',,0,2024-01-01T10:00:00Z,2024-01-01T11:00:00Z,2024-01-01T10:00:00Z,12.5,count,jmeter,all',
  ',,0,2024-01-01T10:00:00Z,2024-01-01T11:00:00Z,2024-01-01T10:00:15.000000001Z,NaN,count,jmeter,all',
  ',,1,2024-01-01T10:00:00Z,2024-01-01T11:00:00Z,2024-01-01T10:00:00Z,3,count,jmeter,"login, step 2"',
  ',,1,2024-01-01T10:00:00Z,2024-01-01T11:00:00Z,2024-01-01T10:00:15Z,+Inf,count,jmeter,"login, step 2"',
  '',
  '#group,false,false,true,false,false,true',
  '#datatype,string,long,string,dateTime:RFC3339,long,string',
  '#default,vus,,,,,',
  ',result,table,_field,_time,_value,_measurement',
  ',,0,value,2024-01-01T10:00:00Z,10,vus',
  '',
].join('\r\n');

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function sendCsv(res: ServerResponse, csv: string) {
  res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8' });
  res.end(csv);
}

describe('flux CSV', () => {
  it('parses quoted fields with commas, escaped quotes and CRLF', () => {
    expect(parseCsvRows('a,"b,c","d ""e"""\r\n,x\n')).toEqual([
      ['a', 'b,c', 'd "e"'],
      ['', 'x'],
    ]);
  });

  it('splits tables by result and table, applying #default', () => {
    const { tables, error } = parseAnnotatedCsv(CSV);
    expect(error).toBeUndefined();
    expect(tables.map((t) => [t.result, t.table, t.rows.length])).toEqual([
      ['_result', '0', 2],
      ['_result', '1', 2],
      ['vus', '0', 1],
    ]);
    const raw = fluxTablesToRaw(tables);
    expect(raw).toHaveLength(3);
    expect(raw[0]!.labels).toEqual({ _field: 'count', _measurement: 'jmeter', transaction: 'all' });
    expect(raw[0]!.t).toEqual([FROM, FROM + 15_000]);
    expect(raw[0]!.v[0]).toBe(12.5);
    expect(Number.isNaN(raw[0]!.v[1])).toBe(true);
    expect(raw[1]!.labels.transaction).toBe('login, step 2');
    expect(raw[1]!.v).toEqual([3, Number.POSITIVE_INFINITY]);
    expect(raw[2]!.labels).toEqual({ _field: 'value', _measurement: 'vus' });
    expect(raw[2]!.v).toEqual([10]);
  });

  it('parses an answer without annotations', () => {
    const csv =
      ',result,table,_time,_value,_field,host\n,_result,0,2024-01-01T10:00:00Z,1,usage,h1\n,_result,0,2024-01-01T10:00:15Z,2,usage,h1\n';
    const raw = fluxTablesToRaw(parseAnnotatedCsv(csv).tables);
    expect(raw).toHaveLength(1);
    expect(raw[0]!.labels).toEqual({ _field: 'usage', host: 'h1' });
    expect(raw[0]!.v).toEqual([1, 2]);
  });

  it('substitutes $from/$to/$interval and v.* placeholders', () => {
    const flux = substituteFlux(
      'from(bucket: "$bucket") |> range(start: $from, stop: $to) |> aggregateWindow(every: $interval, fn: mean) |> range(start: v.timeRangeStart, stop: v.timeRangeStop) |> window(every: v.windowPeriod)',
      { fromMs: FROM, toMs: TO, stepSec: 30, bucket: 'k6' },
    );
    expect(flux).toBe(
      'from(bucket: "k6") |> range(start: 2024-01-01T10:00:00.000Z, stop: 2024-01-01T11:00:00.000Z) |> aggregateWindow(every: 30s, fn: mean) |> range(start: 2024-01-01T10:00:00.000Z, stop: 2024-01-01T11:00:00.000Z) |> window(every: 30s)',
    );
  });
});

describe('createInflux2Source', () => {
  it('POSTs Flux with the right headers and names series from the CSV', async () => {
    server = await startFakeServer((_req, res) => sendCsv(res, CSV));
    const src = createInflux2Source({
      url: server.url,
      org: 'perf',
      bucket: 'jm',
      token: 'secret-token',
      sleep: noSleep,
    });
    expect(src.kind).toBe('influx2');
    const r = await src.queryRange({
      query: 'from(bucket: "jm") |> range(start: $from, stop: $to)',
      fromMs: FROM,
      toMs: TO,
      stepSec: 15,
      id: 'rps',
      legend: '{{transaction}}',
    });
    const req = server.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/api/v2/query');
    expect(req.query.get('org')).toBe('perf');
    expect(req.headers['content-type']).toBe('application/vnd.flux');
    expect(req.headers.accept).toBe('application/csv');
    expect(req.headers.authorization).toBe('Token secret-token');
    expect(req.body).toBe(
      'from(bucket: "jm") |> range(start: 2024-01-01T10:00:00.000Z, stop: 2024-01-01T11:00:00.000Z)',
    );
    // A template that fills to nothing falls back to the query id.
    expect(r.series.map((s) => s.name)).toEqual(['all', 'login, step 2', 'rps']);
    expect(r.series.map((s) => s.id)).toEqual(['rps.all', 'rps.login_step_2', 'rps.rps']);
  });

  it('reports a 400 JSON error as SOURCE_QUERY_ERROR', async () => {
    server = await startFakeServer((_req, res) =>
      sendJson(res, 400, {
        code: 'invalid',
        message: 'compilation failed: error at @1:1-1:4: undefined identifier fro',
      }),
    );
    const src = createInflux2Source({ url: server.url, org: 'o', bucket: 'b', token: 't', sleep: noSleep });
    const err = await src
      .queryRange({ query: 'fro()', fromMs: FROM, toMs: TO, stepSec: 15, id: 'x' })
      .catch((e) => e);
    expect(isLoadLensError(err, 'SOURCE_QUERY_ERROR')).toBe(true);
    expect(err.message).toBe(
      'query "x" failed: compilation failed: error at @1:1-1:4: undefined identifier fro',
    );
  });

  it('reports an error table streamed in the CSV', async () => {
    server = await startFakeServer((_req, res) =>
      sendCsv(
        res,
        '#datatype,string,string\r\n#group,true,true\r\n#default,,\r\n,error,reference\r\n,"panic: runtime error",897\r\n\r\n',
      ),
    );
    const src = createInflux2Source({ url: server.url, org: 'o', bucket: 'b', token: 't', sleep: noSleep });
    await expect(
      src.queryRange({ query: 'x', fromMs: FROM, toMs: TO, stepSec: 15, id: 'y' }),
    ).rejects.toThrow('query "y" failed: panic: runtime error');
  });

  it('lists measurements with schema.measurements', async () => {
    server = await startFakeServer((_req, res) =>
      sendCsv(
        res,
        '#group,false,false,false\r\n#datatype,string,long,string\r\n#default,_result,,\r\n,result,table,_value\r\n,,0,jmeter\r\n,,0,http_reqs\r\n\r\n',
      ),
    );
    const src = createInflux2Source({
      url: server.url,
      org: 'o',
      bucket: 'perf "b"',
      token: 't',
      sleep: noSleep,
    });
    expect(await src.measurements()).toEqual(['http_reqs', 'jmeter']);
    expect(server.requests[0]!.body).toBe(
      'import "influxdata/influxdb/schema"\nschema.measurements(bucket: "perf \\"b\\"")',
    );
  });
});
