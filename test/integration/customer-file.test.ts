import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CustomerFileError,
  formatFromPath,
  openCustomerFile,
} from '../../functions/adapters/files/customer-file.js';
import type { CustomerSourceRow } from '../../functions/ports/customer-source.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function readAll(
  path: string,
  opts: Parameters<typeof openCustomerFile>[1] = {},
): Promise<CustomerSourceRow[]> {
  const f = await openCustomerFile(path, opts);
  const rows: CustomerSourceRow[] = [];
  for await (const row of f.rows()) rows.push(row);
  return rows;
}

const lines = (rows: CustomerSourceRow[]) => rows.map((r) => r.line);

describe('formatFromPath', () => {
  it('picks the format by extension', () => {
    expect(formatFromPath('a/b.CSV')).toBe('csv');
    expect(formatFromPath('x.jsonl')).toBe('jsonl');
    expect(formatFromPath('x.ndjson')).toBe('jsonl');
    expect(formatFromPath('x.txt')).toBeUndefined();
  });
});

describe('CSV', () => {
  it('gives each row the physical line it starts on: quoted cells over several lines, blank lines', async () => {
    const path = file(
      'multi.csv',
      'customerId,name,phones,notes\nA,a,1,"x\ny\nz"\n\nB,b,2,\n  \nC,"c\n\nc",3,\nD,d,4,"last"',
    );
    const rows = await readAll(path);
    expect(rows).toEqual([
      { line: 2, fields: { customerId: 'A', name: 'a', phones: '1', notes: 'x\ny\nz' } },
      { line: 6, fields: { customerId: 'B', name: 'b', phones: '2', notes: '' } },
      { line: 8, fields: { customerId: 'C', name: 'c\n\nc', phones: '3', notes: '' } },
      { line: 11, fields: { customerId: 'D', name: 'd', phones: '4', notes: 'last' } },
    ]);
  });

  it('counts lines the same with Windows line ends and a byte-order mark', async () => {
    const path = file('crlf.csv', '\uFEFFcustomerId,name,phones\r\nA,"a\r\nb",1\r\n\r\nB,b,2\r\n');
    expect(await readAll(path)).toEqual([
      { line: 2, fields: { customerId: 'A', name: 'a\nb', phones: '1' } },
      { line: 5, fields: { customerId: 'B', name: 'b', phones: '2' } },
    ]);
  });

  it('matches column names without regard to case and keeps unknown columns', async () => {
    const path = file('case.csv', 'CustomerID, NAME ,Phones,Remark\nA,a,1,r\n');
    expect(await readAll(path)).toEqual([
      { line: 2, fields: { customerId: 'A', name: 'a', phones: '1', Remark: 'r' } },
    ]);
  });

  it('reports a row with more cells than columns (unless they are empty), and fills missing trailing cells', async () => {
    const path = file('cells.csv', 'customerId,name,phones,tier\nA,张, 伟,1,gold\nB,b,2\nC,c,3,,,\n');
    expect(await readAll(path)).toEqual([
      {
        line: 2,
        error:
          'has 5 cells but the header has 4 columns (a comma inside a value? put the value in double quotes)',
      },
      { line: 3, fields: { customerId: 'B', name: 'b', phones: '2', tier: '' } },
      { line: 4, fields: { customerId: 'C', name: 'c', phones: '3', tier: '' } },
    ]);
  });

  it('refuses a header without the required columns', async () => {
    const path = file('header.csv', 'id,name,phone\nA,a,1\n');
    await expect(readAll(path)).rejects.toThrow(
      'line 1: the header has no columns "customerId", "phones" (expected a header row such as customerId,name,phones,tier,vip,branch,language,cardNumber,dedicatedAgentId,pickupAddress)',
    );
  });

  it('refuses an empty file and a repeated column', async () => {
    await expect(readAll(file('empty.csv', ''))).rejects.toThrow('the file is empty');
    await expect(readAll(file('twice.csv', 'customerId,name,phones,Name\n'))).rejects.toThrow(
      'line 1: column "name" appears twice in the header',
    );
  });

  it('stops at a quote that is never closed, naming the row it opened on', async () => {
    const path = file('quote.csv', 'customerId,name,phones\nA,a,1\nB,"b,2\nC,c,3\n');
    const f = await openCustomerFile(path);
    const seen: number[] = [];
    const err = await (async () => {
      for await (const row of f.rows()) seen.push(row.line);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([2]);
    expect(err).toBeInstanceOf(CustomerFileError);
    expect((err as Error).message).toBe('line 3: a double quote opened on this row is never closed');
  });

  it('refuses text that is not UTF-8 (a GBK export), naming the line', async () => {
    const gbkName = Buffer.from([0xd5, 0xc5, 0xce, 0xb0]); // 张伟 in GBK
    const path = file(
      'gbk.csv',
      Buffer.concat([Buffer.from('customerId,name,phones\nA,a,1\nB,'), gbkName, Buffer.from(',2\n')]),
    );
    await expect(readAll(path)).rejects.toThrow(
      'line 3: the file is not UTF-8 text (a GBK export?): save it as UTF-8 (in Excel: "CSV UTF-8") and import it again',
    );
  });

  it('streams: reports bytes as it reads, and reads a file bigger than one chunk', async () => {
    const body = Array.from(
      { length: 5000 },
      (_, i) => `C${i},名字${i},138${String(i).padStart(8, '0')}`,
    ).join('\n');
    const path = file('big.csv', `customerId,name,phones\n${body}\n`);
    let bytes = 0;
    const f = await openCustomerFile(path, { onBytes: (n) => (bytes += n) });
    let count = 0;
    let last: CustomerSourceRow | undefined;
    for await (const row of f.rows()) {
      count++;
      last = row;
    }
    expect(count).toBe(5000);
    expect(last).toEqual({
      line: 5001,
      fields: { customerId: 'C4999', name: '名字4999', phones: '13800004999' },
    });
    expect(bytes).toBe(f.size);
    expect(f.size).toBeGreaterThan(64 * 1024);
  });
});

describe('JSON lines', () => {
  it('gives each object its line; blank lines are skipped; bad lines are rows with an error', async () => {
    const path = file(
      'rows.jsonl',
      '{"customerId":"A","phones":["1"]}\r\n\n[1,2]\n{oops\n"text"\n{"customerId":"B","vip":true}',
    );
    const rows = await readAll(path);
    expect(lines(rows)).toEqual([1, 3, 4, 5, 6]);
    expect(rows[0]).toEqual({ line: 1, fields: { customerId: 'A', phones: ['1'] } });
    expect(rows[1]).toMatchObject({ line: 3, error: expect.stringMatching(/^not a JSON object/) });
    expect(rows[2]).toMatchObject({ line: 4, error: expect.stringMatching(/^not valid JSON \(/) });
    expect(rows[3]).toMatchObject({ line: 5, error: expect.stringMatching(/^not a JSON object/) });
    expect(rows[4]).toEqual({ line: 6, fields: { customerId: 'B', vip: true } });
  });

  it('reads a .txt file as JSON lines when told to', async () => {
    const path = file('rows.txt', '{"customerId":"A"}\n');
    await expect(readAll(path)).rejects.toThrow('give --format csv or --format jsonl');
    expect(await readAll(path, { format: 'jsonl' })).toEqual([{ line: 1, fields: { customerId: 'A' } }]);
  });
});

describe('openCustomerFile', () => {
  it('says when the file cannot be read, before reading anything', async () => {
    await expect(openCustomerFile(join(dir, 'missing.csv'))).rejects.toThrow(
      `cannot read ${join(dir, 'missing.csv')}: no such file`,
    );
    await expect(openCustomerFile(dir, { format: 'csv' })).rejects.toThrow(`${dir} is not a file`);
  });
});
