/**
 * One Parquet file of a dataset's rows (F16, issue 17 item 2): the rows become one Arrow record batch (apache-arrow,
 * columns built straight into typed arrays) and the Rust Parquet writer, compiled to WebAssembly (parquet-wasm),
 * encodes it with SNAPPY. About 7× the speed of the pure-JavaScript encoder this replaces (hyparquet-writer), with
 * the same file layout: the dataset's columns in order, REQUIRED or OPTIONAL as schemas/analytics.ts says, strings
 * as UTF8, integers as INT64, timestamps as INT64 TIMESTAMP(MILLIS) without a time zone (read as TIMESTAMP by DuckDB
 * and as `timestamp` by Athena through the Glue tables), booleans and doubles as such.
 *
 * The WebAssembly module (about 5 MB) is part of the Lambda bundle: esbuild's `binary` loader inlines it (see
 * infra/constructs/hotline-function.ts), so the bundle needs no file beside it and `cdk synth` stays offline. Run
 * from the sources (tsx, vitest) or from the CLI's build (bin/build.mjs keeps the `.wasm` external) the same bytes
 * are read from node_modules. Either way it is compiled once, when the first file is written.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  Bool,
  type DataType,
  Field,
  Float64,
  Int64,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimestampMillisecond,
  tableToIPC,
  Utf8,
} from 'apache-arrow';
import {
  Compression,
  EnabledStatistics,
  initSync,
  Table as WasmTable,
  WriterPropertiesBuilder,
  writeParquet,
} from 'parquet-wasm/esm';
import type { AnalyticsDataset, AnalyticsType } from '../../../schemas/analytics.js';

const WASM = 'parquet-wasm/esm/parquet_wasm_bg.wasm';

/**
 * The module's bytes: inlined by the bundler, which turns this `require` of the `.wasm` file into its bytes (binary
 * loader; a `require`, not an `import()`, so they are not copied into a module namespace object). Run from the
 * sources there is no `require` in this ES module (or it cannot load a `.wasm` file): the file is read instead.
 */
function wasmBytes(): Uint8Array {
  try {
    const inlined: unknown = require('parquet-wasm/esm/parquet_wasm_bg.wasm');
    if (inlined instanceof Uint8Array) return inlined;
  } catch {
    // Not bundled.
  }
  return readFileSync(createRequire(import.meta.url).resolve(WASM));
}

let compiled = false;
/** Compiles the module on first use (so importing this file costs nothing until a file is written). */
function ready(): void {
  if (compiled) return;
  initSync({ module: wasmBytes() });
  compiled = true;
}

/** A validity bitmap (bit set = value present) and how many values are null, or none when nothing is null. */
function validity(values: readonly unknown[]): { bitmap: Uint8Array | undefined; nulls: number } {
  let nulls = 0;
  const bitmap = new Uint8Array((values.length + 7) >> 3);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) nulls++;
    else bitmap[i >> 3] = (bitmap[i >> 3] ?? 0) | (1 << (i & 7));
  }
  return { bitmap: nulls === 0 ? undefined : bitmap, nulls };
}

const ARROW_TYPES: Readonly<Record<AnalyticsType, () => DataType>> = {
  string: () => new Utf8(),
  bigint: () => new Int64(),
  double: () => new Float64(),
  boolean: () => new Bool(),
  timestamp: () => new TimestampMillisecond(),
};

const encoder = new TextEncoder();

/**
 * A BigInt64Array of whole numbers, written through an Int32Array view of its bytes (little-endian halves), so no
 * BigInt is made per value (that is most of the cost of an INT64 or timestamp column). Exact up to 2^53.
 */
function int64s(length: number, at: (i: number) => number): BigInt64Array {
  const data = new BigInt64Array(length);
  const halves = new Int32Array(data.buffer);
  for (let i = 0; i < length; i++) {
    const v = at(i);
    if (v === 0) continue;
    const high = Math.floor(v / 4_294_967_296);
    halves[2 * i] = v - high * 4_294_967_296; // wraps to the signed 32-bit pattern of the low half
    halves[2 * i + 1] = high;
  }
  return data;
}

/** One column as Arrow data, converted as the dataset's type says (null and undefined are null). */
function columnData(type: AnalyticsType, values: readonly unknown[]) {
  const length = values.length;
  const { bitmap, nulls } = validity(values);
  const common = { length, nullCount: nulls, nullBitmap: bitmap };
  switch (type) {
    case 'bigint': {
      const data = int64s(length, (i) => {
        const v = values[i];
        if (v === null || v === undefined) return 0;
        const n = Math.trunc(Number(v));
        return Number.isFinite(n) ? n : 0;
      });
      return makeData({ type: new Int64(), data, ...common });
    }
    case 'timestamp': {
      const data = int64s(length, (i) => {
        const v = values[i];
        if (v === null || v === undefined) return 0;
        const ms = v instanceof Date ? v.getTime() : Date.parse(String(v));
        return Number.isFinite(ms) ? ms : 0;
      });
      return makeData({ type: new TimestampMillisecond(), data, ...common });
    }
    case 'double': {
      const data = new Float64Array(length);
      for (let i = 0; i < length; i++) {
        const v = values[i];
        if (v !== null && v !== undefined) data[i] = Number(v);
      }
      return makeData({ type: new Float64(), data, ...common });
    }
    case 'boolean': {
      const data = new Uint8Array((length + 7) >> 3);
      for (let i = 0; i < length; i++) if (values[i]) data[i >> 3] = (data[i >> 3] ?? 0) | (1 << (i & 7));
      return makeData({ type: new Bool(), data, ...common });
    }
    default: {
      const valueOffsets = new Int32Array(length + 1);
      let capacity = 0;
      const strings: string[] = new Array(length);
      for (let i = 0; i < length; i++) {
        const v = values[i];
        const s = v === null || v === undefined ? '' : String(v);
        strings[i] = s;
        capacity += s.length * 3;
      }
      const bytes = new Uint8Array(capacity);
      let at = 0;
      for (let i = 0; i < length; i++) {
        const s = strings[i] ?? '';
        // ASCII byte by byte (most values: ids, queues, agents); anything else through the UTF-8 encoder.
        let j = 0;
        for (; j < s.length; j++) {
          const code = s.charCodeAt(j);
          if (code >= 0x80) break;
          bytes[at + j] = code;
        }
        at += j < s.length ? encoder.encodeInto(s, bytes.subarray(at)).written : j;
        valueOffsets[i + 1] = at;
      }
      return makeData({ type: new Utf8(), data: bytes.subarray(0, at), valueOffsets, ...common });
    }
  }
}

/**
 * One Parquet file of `rows`, with exactly the dataset's columns, in order. `scratch`: a file read back once and
 * deleted (the local export's staging), written without compression, dictionaries or statistics.
 */
export function parquetOf<Row extends object>(
  dataset: AnalyticsDataset<Row>,
  rows: readonly Row[],
  opts: { readonly scratch?: boolean } = {},
): Uint8Array {
  ready();
  const fields = dataset.columns.map((c) => new Field(c.name, ARROW_TYPES[c.type](), c.nullable));
  const values: unknown[] = new Array(rows.length);
  const children = dataset.columns.map((c) => {
    for (let i = 0; i < rows.length; i++) values[i] = (rows[i] as Record<string, unknown>)[c.name];
    return columnData(c.type, values);
  });
  const schema = new Schema(fields);
  const batch = new RecordBatch(
    schema,
    makeData({ type: new Struct(fields), length: rows.length, nullCount: 0, children }),
  );
  const ipc = tableToIPC(new Table(schema, [batch]), 'stream');
  const builder = new WriterPropertiesBuilder().setCreatedBy('hotline analytics export');
  const properties = opts.scratch
    ? builder
        .setCompression(Compression.UNCOMPRESSED)
        .setDictionaryEnabled(false)
        .setStatisticsEnabled(EnabledStatistics.None)
        .build()
    : builder.setCompression(Compression.SNAPPY).build();
  // Both are moved into the call (freed by the WebAssembly side).
  return writeParquet(WasmTable.fromIPCStream(ipc), properties);
}
