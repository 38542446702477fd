/**
 * Reading an operator's customer file: CSV with a header row, or JSON lines (one object per
 * line). Streams the file (memory holds one chunk, not the file) and gives each row with the
 * physical line it starts on, so rejections can point at the line an editor shows.
 */
import { createReadStream } from 'node:fs';
import { access, constants, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { CUSTOMER_ROW_FIELDS, REQUIRED_CUSTOMER_ROW_FIELDS } from '../../../schemas/crm.js';
import type { CustomerSourceRow } from '../../ports/customer-source.js';

export const CUSTOMER_FILE_FORMATS = ['csv', 'jsonl'] as const;
export type CustomerFileFormat = (typeof CUSTOMER_FILE_FORMATS)[number];

/** The file cannot be read as a whole (missing, not UTF-8, no usable header…). `line` when known. */
export class CustomerFileError extends Error {
  override readonly name = 'CustomerFileError';
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.reason = message;
  }
  /** The message without its line. */
  readonly reason: string;
}

export interface CustomerFile {
  readonly path: string;
  readonly format: CustomerFileFormat;
  /** Size in bytes (for progress). */
  readonly size: number;
  /** The data rows, in file order. Throws CustomerFileError if the file breaks part-way. */
  rows(): AsyncGenerator<CustomerSourceRow>;
}

export interface OpenCustomerFileOptions {
  /** Overrides the format the file's extension implies. */
  readonly format?: CustomerFileFormat;
  /** Called with the size of every chunk read (for a progress bar). */
  readonly onBytes?: (bytes: number) => void;
  /** CSV columns the header must have. @default the customer file's */
  readonly requiredColumns?: readonly string[];
}

/** `.csv` → csv; `.jsonl`, `.ndjson` → jsonl; anything else: undefined. */
export function formatFromPath(path: string): CustomerFileFormat | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  return undefined;
}

/** Check that the file can be read and which format it has; nothing is read yet. */
export async function openCustomerFile(
  path: string,
  opts: OpenCustomerFileOptions = {},
): Promise<CustomerFile> {
  const format = opts.format ?? formatFromPath(path);
  if (!format) {
    throw new CustomerFileError(
      `cannot tell the format of ${path} from its extension (.csv, .jsonl or .ndjson): give --format csv or --format jsonl`,
    );
  }
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new CustomerFileError(`${path} is not a file`);
    await access(path, constants.R_OK);
    size = info.size;
  } catch (err) {
    if (err instanceof CustomerFileError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(err);
    throw new CustomerFileError(`cannot read ${path}: ${why}`);
  }
  const text = () => utf8Text(createReadStream(path), opts.onBytes);
  return {
    path,
    format,
    size,
    rows:
      format === 'csv'
        ? () => csvRows(text(), opts.requiredColumns ?? REQUIRED_CUSTOMER_ROW_FIELDS)
        : () => jsonLines(text()),
  };
}

/**
 * The encoding of a text file from its first bytes: UTF-16 by its byte-order mark, or without one by its
 * zero bytes (ASCII in UTF-16 has a zero in every other byte, which UTF-8 text never has); else UTF-8.
 */
export function sniffEncoding(head: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const n = Math.min(head.length, 4096) & ~1;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (pairs >= 2 && oddZeros >= pairs * 0.3 && evenZeros === 0) return 'utf-16le';
  if (pairs >= 2 && evenZeros >= pairs * 0.3 && oddZeros === 0) return 'utf-16be';
  return 'utf-8';
}

/**
 * Decode UTF-8 (or UTF-16, with or without a byte-order mark) strictly (a GBK export fails with its line, instead of importing garbled
 * names), drop a byte-order mark and turn CRLF and lone CR line ends into LF.
 */
export async function* utf8Text(
  chunks: AsyncIterable<Buffer>,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<string> {
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  let line = 1;
  let carriageReturn = false;
  const normalize = (s: string): string => {
    let t = (carriageReturn ? '\r' : '') + s;
    carriageReturn = t.endsWith('\r');
    if (carriageReturn) t = t.slice(0, -1);
    t = t.replace(/\r\n?/g, '\n');
    for (let i = t.indexOf('\n'); i !== -1; i = t.indexOf('\n', i + 1)) line++;
    return t;
  };
  for await (const chunk of chunks) {
    onBytes?.(chunk.length);
    decoder ??= new TextDecoder(sniffEncoding(chunk), { fatal: true });
    let decoded: string;
    try {
      decoded = decoder.decode(chunk, { stream: true });
    } catch {
      const lenient = new TextDecoder('utf-8').decode(chunk);
      const before = lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD')));
      const at = line + (before.match(/\r\n|\r|\n/g)?.length ?? 0);
      throw new CustomerFileError(
        'the file is not UTF-8 text (a GBK export?): save it as UTF-8 (in Excel: "CSV UTF-8") and import it again',
        at,
      );
    }
    if (decoded) yield normalize(decoded);
  }
  let rest: string;
  try {
    rest = decoder?.decode() ?? '';
  } catch {
    throw new CustomerFileError('the file ends in the middle of a UTF-8 character', line);
  }
  const last = normalize(rest) + (carriageReturn ? '\n' : '');
  if (last) yield last;
}

const FIELD_BY_LOWER = new Map<string, string>(CUSTOMER_ROW_FIELDS.map((f) => [f.toLowerCase(), f]));

/** The longest record (one CSV row, quoted line breaks included) read; a longer one is rejected alone. */
export const MAX_RECORD_BYTES = 1 << 20;

/** A physical line, or the note that it was longer than MAX_RECORD_BYTES (its text dropped). */
interface Line {
  readonly no: number;
  readonly text: string;
  readonly tooLong: boolean;
}

/** Lines of LF-separated text, each at most MAX_RECORD_BYTES characters kept (memory stays bounded). */
async function* boundedLines(text: AsyncIterable<string>): AsyncGenerator<Line> {
  let no = 1;
  let partial = '';
  let tooLong = false;
  for await (const chunk of text) {
    let from = 0;
    for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', from)) {
      if (!tooLong) partial += chunk.slice(from, i);
      yield {
        no: no++,
        text: tooLong || partial.length > MAX_RECORD_BYTES ? '' : partial,
        tooLong: tooLong || partial.length > MAX_RECORD_BYTES,
      };
      partial = '';
      tooLong = false;
      from = i + 1;
    }
    if (!tooLong) partial += chunk.slice(from);
    if (partial.length > MAX_RECORD_BYTES) {
      partial = '';
      tooLong = true;
    }
  }
  if (partial !== '' || tooLong) yield { no, text: partial, tooLong };
}

/**
 * Whether a CSV text ends inside a quoted cell, reading it as csv-parse does with relax_quotes and trim:
 * a quote opens a cell only at the cell's start (after spaces); `""` inside is a quote.
 */
function endsInQuotes(text: string, state = { inQuotes: false, atCellStart: true }): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (state.inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else state.inQuotes = false;
      }
    } else if (c === ',' || c === '\n') state.atCellStart = true;
    else if (c === '"' && state.atCellStart) {
      state.inQuotes = true;
      state.atCellStart = false;
    } else if (c !== ' ' && c !== '\t') state.atCellStart = false;
  }
  return state.inQuotes;
}

type RawRecord =
  | { readonly line: number; readonly text: string; readonly error?: undefined }
  | { readonly line: number; readonly error: string };

/**
 * CSV records with the line each starts on. A record that cannot be read (a quote never closed, longer
 * than 1 MiB) is given as an error, and reading goes on: after an unclosed quote, from the line after the
 * one where it opened, so the rows it swallowed are read again.
 */
async function* csvRecords(text: AsyncIterable<string>): AsyncGenerator<RawRecord> {
  const source = boundedLines(text)[Symbol.asyncIterator]();
  let replay: Line[] = [];
  let replayAt = 0;
  const next = async (): Promise<Line | undefined> => {
    const queued = replay[replayAt];
    if (queued) {
      replayAt++;
      return queued;
    }
    const r = await source.next();
    return r.done ? undefined : r.value;
  };
  for (;;) {
    const first = await next();
    if (!first) return;
    if (first.tooLong) {
      yield { line: first.no, error: `is longer than ${MAX_RECORD_BYTES / (1 << 20)} MiB` };
      continue;
    }
    const state = { inQuotes: false, atCellStart: true };
    const lines: Line[] = [first];
    let size = first.text.length;
    let open = endsInQuotes(first.text, state);
    while (open && size <= MAX_RECORD_BYTES) {
      const more = await next();
      if (!more) break;
      lines.push(more);
      if (more.tooLong) {
        size = Number.POSITIVE_INFINITY;
        break;
      }
      size += more.text.length + 1;
      open = endsInQuotes(`\n${more.text}`, state);
    }
    const text = open ? '' : lines.map((l) => l.text).join('\n');
    // A quote that only closes rows later, at another cell's quote, leaves text after it: unclosed too.
    if (open || (lines.length > 1 && !strictlyQuoted(text))) {
      yield { line: first.no, error: 'a double quote opened on this row is never closed' };
      replay = lines.slice(1).concat(replay.slice(replayAt));
      replayAt = 0;
      continue;
    }
    yield { line: first.no, text };
  }
}

/** Whether a record parses with its quotes used strictly (a closing quote ends its cell). */
function strictlyQuoted(text: string): boolean {
  try {
    parseCsv(text, { ...CSV_OPTIONS, relax_quotes: false });
    return true;
  } catch {
    return false;
  }
}

const CSV_OPTIONS = {
  relax_column_count: true,
  relax_quotes: true,
  trim: true,
  max_record_size: MAX_RECORD_BYTES,
} as const;

/** CSV with a header row; column names are matched without regard to case. A bad record is reported and skipped. */
export async function* csvRows(
  text: AsyncIterable<string>,
  /** Columns the header must have (other files than customers, e.g. the order centre's, give theirs). */
  required: readonly string[] = REQUIRED_CUSTOMER_ROW_FIELDS,
): AsyncGenerator<CustomerSourceRow> {
  let header: string[] | undefined;
  for await (const raw of csvRecords(text)) {
    const { line } = raw;
    if (raw.error !== undefined) {
      if (!header) throw new CustomerFileError(`the header row ${raw.error}`, line);
      yield { line, error: raw.error };
      continue;
    }
    if (raw.text.trim() === '') continue;
    let record: string[];
    try {
      // Without quotes a record is its commas (what csv-parse gives too, trimmed): no parser needed.
      record = raw.text.includes('"')
        ? ((parseCsv(raw.text, CSV_OPTIONS) as string[][])[0] ?? [])
        : raw.text.split(',').map((c) => c.trim());
    } catch (err) {
      const why = asFileError(err, line);
      if (!header) throw why;
      yield { line, error: why instanceof CustomerFileError ? why.reason : String(why) };
      continue;
    }
    if (!header) {
      header = readHeader(record, line, required);
      continue;
    }
    if (record.every((c) => c === '')) continue;
    // Extra cells are an error unless empty (spreadsheets often add trailing commas).
    if (record.length > header.length && record.slice(header.length).some((c) => c !== '')) {
      yield {
        line,
        error: `has ${record.length} cells but the header has ${header.length} columns (a comma inside a value? put the value in double quotes)`,
      };
      continue;
    }
    const fields: Record<string, unknown> = {};
    header.forEach((name, i) => {
      fields[name] = record[i] ?? '';
    });
    yield { line, fields };
  }
  if (!header)
    throw new CustomerFileError('the file is empty: expected a header row such as customerId,name,phones');
}

function readHeader(cells: readonly string[], line: number, required: readonly string[]): string[] {
  const names = cells.map(
    (c) =>
      FIELD_BY_LOWER.get(
        c
          .replace(/^\uFEFF/, '')
          .trim()
          .toLowerCase(),
      ) ?? c.trim(),
  );
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new CustomerFileError(`column "${name}" appears twice in the header`, line);
    seen.add(name);
  }
  const missing = required.filter((f) => !seen.has(f));
  if (missing.length) {
    const example = required === REQUIRED_CUSTOMER_ROW_FIELDS ? CUSTOMER_ROW_FIELDS : required;
    throw new CustomerFileError(
      `the header has no ${missing.length === 1 ? 'column' : 'columns'} ${missing.map((m) => `"${m}"`).join(', ')} (expected a header row such as ${example.join(',')})`,
      line,
    );
  }
  return names;
}

/** A csv-parse error as one line; `recordLine` is where the record being parsed starts. */
function asFileError(err: unknown, recordLine: number): unknown {
  if (err instanceof CustomerFileError) return err;
  const e = err as { code?: unknown; lines?: unknown; message?: unknown };
  if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
    return new CustomerFileError('a double quote opened on this row is never closed', recordLine);
  }
  if (typeof e.code === 'string' && e.code.startsWith('CSV_')) {
    const message = String(e.message ?? e.code).replace(/^Invalid \w+:\s*/, '');
    return new CustomerFileError(
      `not valid CSV: ${message}`,
      typeof e.lines === 'number' ? e.lines : undefined,
    );
  }
  return err;
}

/** JSON lines: one object per line; blank lines are skipped. */
export async function* jsonLines(text: AsyncIterable<string>): AsyncGenerator<CustomerSourceRow> {
  let line = 0;
  for await (const content of splitLines(text)) {
    line++;
    if (content.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch (err) {
      yield {
        line,
        error: `not valid JSON (${err instanceof Error ? err.message.replace(/, ".*" is not valid JSON$/s, '') : String(err)})`,
      };
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      yield { line, error: 'not a JSON object such as {"customerId":"C1","name":"…","phones":["…"]}' };
      continue;
    }
    yield { line, fields: value as Record<string, unknown> };
  }
}

/** Lines of LF-separated text arriving in chunks. */
async function* splitLines(text: AsyncIterable<string>): AsyncGenerator<string> {
  let partial = '';
  for await (const chunk of text) {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    yield* parts;
  }
  if (partial !== '') yield partial;
}
