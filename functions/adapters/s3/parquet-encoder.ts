/**
 * One Parquet file of a dataset's rows (F16, issue 17 item 2): each row is taken apart into its columns as it comes
 * (ParquetBatch: typed arrays, UTF-8 bytes), the columns become one Arrow record batch (apache-arrow) and the Rust
 * Parquet writer, compiled to WebAssembly (parquet-wasm), encodes it. Much faster than the pure-JavaScript encoder
 * this replaced (hyparquet-writer, 13× DuckDB's COPY in the bench), with the same file layout: the dataset's columns in order, REQUIRED or OPTIONAL as schemas/analytics.ts says, strings
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
  type Data,
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
import type { AnalyticsColumn, AnalyticsDataset, AnalyticsType } from '../../../schemas/analytics.js';

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
export function ready(): void {
  if (compiled) return;
  initSync({ module: wasmBytes() });
  compiled = true;
}

const ARROW_TYPES: Readonly<Record<AnalyticsType, () => DataType>> = {
  string: () => new Utf8(),
  bigint: () => new Int64(),
  double: () => new Float64(),
  boolean: () => new Bool(),
  timestamp: () => new TimestampMillisecond(),
};

const encoder = new TextEncoder();

/** The two decimal digits of `s` at `at`, or -1 when one of them is not a digit. */
function two(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Days in month `m` (1–12) of year `y` (proleptic Gregorian). */
function daysIn(y: number, m: number): number {
  if (m !== 2) return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
}

/**
 * Milliseconds since the epoch of an ISO 8601 UTC timestamp, exactly as `Date.parse` reads it. The form the stored
 * items hold (`yyyy-mm-ddThh:mm:ss[.sss]Z`, a valid day of the month) is computed from its digits (days from the
 * civil date), 2–3× as fast as `Date.parse`, which was the largest cost of a timestamp column; anything else goes to
 * `Date.parse`.
 */
export function isoMillis(s: string): number {
  // The partitioner reads a row's date column just before the encoder does (parquet-partitions.ts): the same
  // string, parsed once.
  if (s === lastText) return lastMillis;
  const ms = parseIsoMillis(s);
  lastText = s;
  lastMillis = ms;
  return ms;
}

/** The last string `isoMillis` read, and its value. */
let lastText = '';
let lastMillis = Number.NaN;

function parseIsoMillis(s: string): number {
  const n = s.length;
  if (
    (n === 20 || (n === 24 && s.charCodeAt(19) === 46)) /* . */ &&
    s.charCodeAt(n - 1) === 90 /* Z */ &&
    s.charCodeAt(4) === 45 &&
    s.charCodeAt(7) === 45 /* - */ &&
    s.charCodeAt(10) === 84 /* T */ &&
    s.charCodeAt(13) === 58 &&
    s.charCodeAt(16) === 58 /* : */
  ) {
    const century = two(s, 0);
    const yy2 = two(s, 2);
    const m = two(s, 5);
    const d = two(s, 8);
    const h = two(s, 11);
    const mi = two(s, 14);
    const sec = two(s, 17);
    const msHigh = n === 24 ? two(s, 20) : 0;
    const msLow = n === 24 ? s.charCodeAt(22) - 48 : 0;
    const y = century * 100 + yy2;
    if (
      century >= 0 &&
      yy2 >= 0 &&
      m >= 1 &&
      m <= 12 &&
      d >= 1 &&
      d <= daysIn(y, m) &&
      h >= 0 &&
      h < 24 &&
      mi >= 0 &&
      mi < 60
    ) {
      if (sec >= 0 && sec < 60 && msHigh >= 0 && msLow >= 0 && msLow <= 9) {
        const ms = msHigh * 10 + msLow;
        // Days from 1970-01-01 of the civil date (proleptic Gregorian; years from March, so leap days come last).
        const yy = m <= 2 ? y - 1 : y;
        const era = Math.floor(yy / 400);
        const yoe = yy - era * 400;
        const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
        const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
        const days = era * 146_097 + doe - 719_468;
        return days * 86_400_000 + h * 3_600_000 + mi * 60_000 + sec * 1000 + ms;
      }
    }
  }
  return Date.parse(s);
}

/** A number as the INT64 (bigint) column holds it: whole, finite, else 0. */
function wholeNumber(v: unknown): number {
  const n = Math.trunc(typeof v === 'number' ? v : Number(v));
  return Number.isFinite(n) ? n : 0;
}

/** Milliseconds of a timestamp value (ISO string or Date), 0 when it is not one. */
function millis(v: unknown): number {
  const ms = typeof v === 'string' ? isoMillis(v) : v instanceof Date ? v.getTime() : Date.parse(String(v));
  return Number.isFinite(ms) ? ms : 0;
}

/**
 * One column of a batch, as its builder filled it: plain typed arrays (values, or UTF-8 bytes and their offsets, and
 * a validity bitmap), the first `length` rows of which are the column. Structured-cloneable, so a batch can be handed
 * to the encoding worker thread (parquet-worker.ts) with its arrays transferred, not copied.
 */
export type ColumnArrays =
  | {
      readonly type: 'string';
      readonly length: number;
      readonly nulls: number;
      readonly valid: Uint8Array;
      readonly bytes: Uint8Array;
      readonly offsets: Int32Array;
    }
  | {
      readonly type: Exclude<AnalyticsType, 'string'>;
      readonly length: number;
      readonly nulls: number;
      readonly valid: Uint8Array;
      readonly numbers: Float64Array;
    };

/** The rows of a batch as columns, ready to encode (here or in the worker thread). */
export interface DetachedBatch {
  readonly columns: readonly AnalyticsColumn[];
  readonly length: number;
  readonly arrays: readonly ColumnArrays[];
}

/**
 * One column of a batch as it is filled, row by row, straight into growing typed arrays: values (numbers, or UTF-8
 * bytes and their offsets) and a validity bitmap. No row object or string is kept, so the rows die young (cheap for
 * the garbage collector) and a buffered row costs its bytes, not a JavaScript object's.
 */
abstract class ColumnBuilder {
  length = 0;
  protected nulls = 0;
  protected valid = take(Uint8Array, 128);

  constructor(readonly type: AnalyticsType) {}

  /** Marks row `length` present (or null), and returns its index. */
  protected next(present: boolean): number {
    const i = this.length++;
    if (i >> 3 >= this.valid.length) this.valid = grow(this.valid, this.valid.length * 2);
    // Each bit is set or cleared: a pooled array holds whatever its last batch left.
    if (present) this.valid[i >> 3] = (this.valid[i >> 3] as number) | (1 << (i & 7));
    else {
      this.valid[i >> 3] = (this.valid[i >> 3] as number) & ~(1 << (i & 7));
      this.nulls++;
    }
    return i;
  }

  abstract add(v: unknown): void;

  /** The column's arrays (the builder is done with them). */
  abstract arrays(): ColumnArrays;
}

/** Strings as UTF-8 bytes and offsets. */
class StringColumn extends ColumnBuilder {
  private bytes = take(Uint8Array, 16_384);
  private offsets = take(Int32Array, 1025);
  private at = 0;

  constructor(type: AnalyticsType) {
    super(type);
    this.offsets[0] = 0; // a pooled array holds whatever its last batch left
  }

  add(v: unknown): void {
    const present = v !== null && v !== undefined;
    const i = this.next(present);
    if (i + 1 >= this.offsets.length) this.offsets = grow(this.offsets, this.offsets.length * 2);
    if (present) {
      const s = typeof v === 'string' ? v : String(v);
      const need = this.at + s.length * 3;
      if (need > this.bytes.length) this.bytes = grow(this.bytes, Math.max(need, this.bytes.length * 2));
      // ASCII byte by byte (most values: ids, queues, agents, numbers); anything else through the UTF-8 encoder.
      const bytes = this.bytes;
      const at = this.at;
      let j = 0;
      for (; j < s.length; j++) {
        const code = s.charCodeAt(j);
        if (code >= 0x80) break;
        bytes[at + j] = code;
      }
      this.at += j < s.length ? encoder.encodeInto(s, bytes.subarray(at)).written : j;
    }
    this.offsets[i + 1] = this.at;
  }

  arrays(): ColumnArrays {
    const { length, nulls, valid, bytes, offsets } = this;
    return { type: 'string', length, nulls, valid, bytes, offsets };
  }
}

/** Numbers (INT64 whole numbers, timestamps as milliseconds, doubles) or booleans as 0/1. */
class NumberColumn extends ColumnBuilder {
  private numbers = take(Float64Array, 1024);

  add(v: unknown): void {
    const present = v !== null && v !== undefined;
    const i = this.next(present);
    if (i >= this.numbers.length) this.numbers = grow(this.numbers, this.numbers.length * 2);
    if (!present) this.numbers[i] = 0;
    // One call site per type (a function chosen per column would make this call megamorphic, and slow).
    else if (this.type === 'timestamp') this.numbers[i] = millis(v);
    else if (this.type === 'double') this.numbers[i] = Number(v);
    else if (this.type === 'bigint') this.numbers[i] = wholeNumber(v);
    else this.numbers[i] = v ? 1 : 0;
  }

  arrays(): ColumnArrays {
    const { length, nulls, valid, numbers } = this;
    return { type: this.type as Exclude<AnalyticsType, 'string'>, length, nulls, valid, numbers };
  }
}

/** A column's arrays as Arrow data (views of them: read before they are given back to the pool). */
function columnData(c: ColumnArrays): Data {
  const { length } = c;
  const common = {
    length,
    nullCount: c.nulls,
    nullBitmap: c.nulls === 0 ? undefined : c.valid.subarray(0, (length + 7) >> 3),
  };
  switch (c.type) {
    case 'string':
      return makeData({
        type: new Utf8(),
        data: c.bytes.subarray(0, c.offsets[length] ?? 0),
        valueOffsets: c.offsets.subarray(0, length + 1),
        ...common,
      });
    case 'bigint':
      return makeData({ type: new Int64(), data: int64s(c.numbers, length), ...common });
    case 'timestamp':
      return makeData({ type: new TimestampMillisecond(), data: int64s(c.numbers, length), ...common });
    case 'double':
      return makeData({ type: new Float64(), data: c.numbers.subarray(0, length), ...common });
    default: {
      const bits = new Uint8Array((length + 7) >> 3);
      for (let i = 0; i < length; i++)
        if (c.numbers[i]) bits[i >> 3] = (bits[i >> 3] as number) | (1 << (i & 7));
      return makeData({ type: new Bool(), data: bits, ...common });
    }
  }
}

/** Every array of a detached batch: what is transferred to the worker and back. */
export function batchBuffers(batch: DetachedBatch): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  for (const c of batch.arrays) {
    buffers.push(c.valid.buffer as ArrayBuffer);
    if (c.type === 'string') buffers.push(c.bytes.buffer as ArrayBuffer, c.offsets.buffer as ArrayBuffer);
    else buffers.push(c.numbers.buffer as ArrayBuffer);
  }
  return buffers;
}

/** Gives a batch's arrays to the pool, for the next batches (once it is encoded; they must not be read after). */
export function recycle(batch: DetachedBatch): void {
  for (const c of batch.arrays) {
    give(c.valid);
    if (c.type === 'string') {
      give(c.bytes);
      give(c.offsets);
    } else give(c.numbers);
  }
}

/**
 * One Parquet file of a batch's columns: SNAPPY, statistics (min, max, nulls) per column chunk as DuckDB writes them
 * (no page index), values PLAIN. No dictionary pages: in this WebAssembly build they cost 2–7× the time of a plain
 * column (measured per column, 50,000 rows) and, after Snappy, the files were no smaller (the bench's 1,000,000 survey
 * rows: 14.2 MB with dictionaries where worthwhile, 15.8 MB without; DuckDB writes the same rows in 9.5 MB, in a file
 * per day). The batch's arrays are only read: the caller recycles them.
 */
export function encodeBatch(batch: DetachedBatch): Uint8Array {
  ready();
  const fields = batch.columns.map((c) => new Field(c.name, ARROW_TYPES[c.type](), c.nullable));
  const properties = new WriterPropertiesBuilder()
    .setCreatedBy('hotline analytics export')
    .setCompression(Compression.SNAPPY)
    .setDictionaryEnabled(false)
    .setStatisticsEnabled(EnabledStatistics.Chunk);
  const schema = new Schema(fields);
  const children = batch.arrays.map(columnData);
  const record = new RecordBatch(
    schema,
    makeData({ type: new Struct(fields), length: batch.length, nullCount: 0, children }),
  );
  // The IPC stream is a copy of the columns; the table and the properties are moved into the call (freed by the
  // WebAssembly side).
  const ipc = tableToIPC(new Table(schema, [record]), 'stream');
  return writeParquet(WasmTable.fromIPCStream(ipc), properties.build());
}

type Pooled = Uint8Array | Int32Array | Float64Array;

/**
 * Arrays of encoded batches, reused by the next batches: the export then allocates (and leaves to the garbage
 * collector) little per part. Each thread has its own pool (a module's state is per thread).
 *
 * Arrays of every size share the pool: a batch's validity bitmaps, offsets, values and UTF-8 bytes. So `take` lends
 * the smallest pooled array that is large enough (not whichever was given last, which would often be too small and
 * be dropped, so that nearly every array was allocated anew), and the pool, when full, drops its smallest arrays
 * first: a 50,000-row batch's columns (about 19 MB for the contacts) are then reused by the next batch whole.
 *
 * The pool holds at most POOL_BYTES, so whatever arrays it lends, the memory held stays the batches' own plus that
 * much; and at most POOL_ARRAYS arrays of a kind, so that finding one stays quick.
 */
const pool = new Map<unknown, Pooled[]>();
const POOL_BYTES = 48 * 1024 * 1024;
const POOL_ARRAYS = 256;
let pooledBytes = 0;

function take<T extends Pooled>(kind: new (n: number) => T, size: number): T {
  const free = pool.get(kind) as T[] | undefined;
  if (free) {
    let best = -1;
    for (let i = 0; i < free.length; i++) {
      const n = (free[i] as T).length;
      if (n >= size && (best < 0 || n < (free[best] as T).length)) best = i;
    }
    if (best >= 0) {
      const a = free[best] as T;
      free[best] = free[free.length - 1] as T;
      free.pop();
      pooledBytes -= a.byteLength;
      return a;
    }
  }
  return new kind(size);
}

function give(a: Pooled): void {
  // A detached array (its buffer transferred to another thread) has no bytes left to lend.
  if (a.byteLength === 0 || a.byteLength > POOL_BYTES) return;
  const free = pool.get(a.constructor) ?? [];
  pool.set(a.constructor, free);
  free.push(a);
  pooledBytes += a.byteLength;
  if (free.length > POOL_ARRAYS) dropSmallest([free]);
  while (pooledBytes > POOL_BYTES) dropSmallest(pool.values());
}

/** Drops the smallest array of these lists of the pool. */
function dropSmallest(lists: Iterable<Pooled[]>): void {
  let list: Pooled[] | undefined;
  let at = -1;
  for (const free of lists)
    for (let i = 0; i < free.length; i++)
      if (!list || (free[i] as Pooled).byteLength < (list[at] as Pooled).byteLength) {
        list = free;
        at = i;
      }
  if (!list) return;
  pooledBytes -= (list[at] as Pooled).byteLength;
  list[at] = list[list.length - 1] as Pooled;
  list.pop();
}

function grow<T extends Pooled>(a: T, size: number): T {
  const b = take(a.constructor as new (n: number) => T, size);
  b.set(a);
  give(a);
  return b;
}

/**
 * A BigInt64Array of whole numbers, written through an Int32Array view of its bytes (little-endian halves), so no
 * BigInt is made per value (that is most of the cost of an INT64 or timestamp column). Exact up to 2^53.
 */
function int64s(values: Float64Array, length: number): BigInt64Array {
  const data = new BigInt64Array(length);
  const halves = new Int32Array(data.buffer);
  for (let i = 0; i < length; i++) {
    const v = values[i] ?? 0;
    if (v === 0) continue;
    const high = Math.floor(v / 4_294_967_296);
    halves[2 * i] = v - high * 4_294_967_296; // wraps to the signed 32-bit pattern of the low half
    halves[2 * i + 1] = high;
  }
  return data;
}

type RowAdder = (row: object, columns: readonly ColumnBuilder[]) => void;
const adders = new WeakMap<object, RowAdder>();

/**
 * A dataset's row adder, made once per dataset: `columns[0].add(row["contact_id"]); columns[1].add(…); …`, one line
 * per column. Each line reads one named property (a fast, single-shape load) and calls one column's `add`; a loop over
 * the names would read `row[name]` with 25 different names at one place, which V8 can only do the slow way. The names
 * are the dataset's own (schemas/analytics.ts), quoted as JSON.
 */
function rowAdder(dataset: AnalyticsDataset<object>): RowAdder {
  let adder = adders.get(dataset);
  if (!adder) {
    const lines = dataset.columns.map((c, i) => `columns[${i}].add(row[${JSON.stringify(c.name)}]);`);
    adder = new Function('row', 'columns', lines.join('\n')) as RowAdder;
    adders.set(dataset, adder);
  }
  return adder;
}

/**
 * The rows of one Parquet file, held as columns while they come (ColumnBuilder), then detached and encoded at once
 * (encodeBatch), here (`encode`) or in the worker thread (parquet-worker-pool.ts). A batch is used once.
 */
export class ParquetBatch<Row extends object> {
  private readonly columns: readonly ColumnBuilder[];
  private readonly adder: RowAdder;

  constructor(private readonly dataset: AnalyticsDataset<Row>) {
    this.columns = dataset.columns.map((c) =>
      c.type === 'string' ? new StringColumn(c.type) : new NumberColumn(c.type),
    );
    this.adder = rowAdder(dataset as AnalyticsDataset<object>);
  }

  get length(): number {
    return this.columns[0]?.length ?? 0;
  }

  add(row: Row): void {
    this.adder(row, this.columns);
  }

  /** The batch's columns as arrays, to encode (ends the batch). */
  detach(): DetachedBatch {
    return {
      columns: this.dataset.columns,
      length: this.length,
      arrays: this.columns.map((c) => c.arrays()),
    };
  }

  /** One Parquet file of the batch, encoded on this thread (ends the batch). */
  encode(): Uint8Array {
    const detached = this.detach();
    const body = encodeBatch(detached);
    recycle(detached);
    return body;
  }
}

/** One Parquet file of `rows`, with exactly the dataset's columns, in order (see ParquetBatch). */
export function parquetOf<Row extends object>(
  dataset: AnalyticsDataset<Row>,
  rows: Iterable<Row>,
): Uint8Array {
  const batch = new ParquetBatch(dataset);
  for (const row of rows) batch.add(row);
  return batch.encode();
}
