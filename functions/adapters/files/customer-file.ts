/**
 * Reading an operator's customer file: CSV with a header row, or JSON lines (one object per
 * line). Streams the file (memory holds one chunk, not the file) and gives each row with the
 * physical line it starts on, so rejections can point at the line an editor shows.
 */
import { createReadStream } from 'node:fs';
import { access, constants, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Info, parse } from 'csv-parse';
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
  }
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
 * Decode UTF-8 strictly (a GBK export fails with its line, instead of importing garbled
 * names), drop a byte-order mark and turn CRLF and lone CR line ends into LF.
 */
export async function* utf8Text(
  chunks: AsyncIterable<Buffer>,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
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
    rest = decoder.decode();
  } catch {
    throw new CustomerFileError('the file ends in the middle of a UTF-8 character', line);
  }
  const last = normalize(rest) + (carriageReturn ? '\n' : '');
  if (last) yield last;
}

const FIELD_BY_LOWER = new Map<string, string>(CUSTOMER_ROW_FIELDS.map((f) => [f.toLowerCase(), f]));

interface CsvRecord {
  record: string[];
  raw: string;
  info: Info;
}

/** CSV with a header row; column names are matched without regard to case. */
export async function* csvRows(
  text: AsyncIterable<string>,
  /** Columns the header must have (other files than customers, e.g. the order centre's, give theirs). */
  required: readonly string[] = REQUIRED_CUSTOMER_ROW_FIELDS,
): AsyncGenerator<CustomerSourceRow> {
  const parser = parse({
    raw: true,
    info: true,
    record_delimiter: '\n',
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
    trim: true,
    max_record_size: 1 << 20,
  });
  const feeding = pipeline(Readable.from(text), parser).catch((err: unknown) => {
    parser.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  let header: string[] | undefined;
  // Physical line where the next record's text starts. csv-parse's `raw` is the record's text
  // including the empty lines skipped before it and its line end; counting its line ends
  // gives each record's first line, also for quoted cells that span lines.
  let cursor = 1;
  try {
    for await (const { record, raw } of parser as AsyncIterable<CsvRecord>) {
      // Skipped lines (empty, or only spaces: `trim`) come first in `raw`.
      const line = cursor + countNewlines(/^(?:[ \t]*\n)*/.exec(raw)?.[0] ?? '');
      cursor += countNewlines(raw);
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
  } catch (err) {
    throw asFileError(err, cursor);
  } finally {
    parser.destroy();
    await feeding;
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

const countNewlines = (s: string): number => {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
};
