import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  formatFromPath,
  MAX_RECORD_BYTES,
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
      'line 1: the header has no columns "customerId", "phones" (expected a header row such as customerId,name,phones,tier,vip,branch,language,cardNumber,dedicatedAgentId,pickupAddress,vehicles,client,brand)',
    );
  });

  it('refuses an empty file and a repeated column', async () => {
    await expect(readAll(file('empty.csv', ''))).rejects.toThrow('the file is empty');
    await expect(readAll(file('twice.csv', 'customerId,name,phones,Name\n'))).rejects.toThrow(
      'line 1: column "name" appears twice in the header',
    );
  });

  it('reports a quote that is never closed on the row it opened on, and reads the rows after it', async () => {
    const path = file('quote.csv', 'customerId,name,phones\nA,"a\nb",1\nB,"b,2\nC,c,3\nD,"d",4\n');
    expect(await readAll(path)).toEqual([
      { line: 2, fields: { customerId: 'A', name: 'a\nb', phones: '1' } },
      { line: 4, error: 'a double quote opened on this row is never closed' },
      { line: 5, fields: { customerId: 'C', name: 'c', phones: '3' } },
      { line: 6, fields: { customerId: 'D', name: 'd', phones: '4' } },
    ]);
    const last = file('quote-end.csv', 'customerId,name,phones\nA,a,1\nB,"b,2\nC,c,3\n');
    expect(lines(await readAll(last))).toEqual([2, 3, 4]);
  });

  it('reports a record over 1 MiB (a cell, or an unclosed quote swallowing the file) and goes on', async () => {
    const huge = 'x'.repeat(MAX_RECORD_BYTES + 10);
    const path = file('huge.csv', `customerId,name,phones\nA,${huge},1\nB,b,2\nC,"${huge}\nD,d,4\n`);
    expect(await readAll(path)).toEqual([
      { line: 2, error: 'is longer than 1 MiB' },
      { line: 3, fields: { customerId: 'B', name: 'b', phones: '2' } },
      { line: 4, error: 'is longer than 1 MiB' },
      { line: 5, fields: { customerId: 'D', name: 'd', phones: '4' } },
    ]);
    const name = 'b'.repeat(100);
    const swallowing = file(
      'swallow.csv',
      `customerId,name,phones\nA,"a,1\n${`B,${name},2\n`.repeat(12_000)}`,
    );
    const rows = await readAll(swallowing);
    expect(rows[0]).toEqual({ line: 2, error: 'a double quote opened on this row is never closed' });
    expect(rows).toHaveLength(12_001);
    expect(rows.at(-1)).toEqual({ line: 12_002, fields: { customerId: 'B', name, phones: '2' } });
  });

  it('reads UTF-16 with or without a byte-order mark (Excel "Unicode text")', async () => {
    const text = 'customerId,name,phones\nA,张伟,13800138000\n';
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const [name, bytes] of [
      ['le.csv', le],
      ['le-bom.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), le])],
      ['be-bom.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), be])],
      ['be.csv', be],
    ] as const)
      expect(await readAll(file(name, bytes)), name).toEqual([
        { line: 2, fields: { customerId: 'A', name: '张伟', phones: '13800138000' } },
      ]);
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
