/**
 * `hotline crm forget` (issue 17, PIPL/GDPR): a customer who called, complained (ticket, SMS), rated a call (survey,
 * follow-up ticket), was recorded and transcribed, opted out of SMS and was blocked, is forgotten with the real CLI;
 * then EVERY table and EVERY object in the S3 emulator, and the local outbox files, are searched for any trace of
 * their numbers (in every written form), name, customer id and card number: none is left. Another customer's data
 * is untouched, and the statistics survive anonymised.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../functions/adapters/s3/object-store.js';
import { type LocalContactCentre, openLocalContactCentre } from '../../infra/local/contact-centre.js';
import { LOCAL_RECORDINGS_BUCKET } from '../../infra/local/s3-local.js';

const root = resolve(import.meta.dirname, '..', '..');
const home = mkdtempSync(join(tmpdir(), 'hotline-forget-'));
let cc: LocalContactCentre;

// AD-0003 李娜: a mobile and a Beijing landline, card MEM-880003 (infra/local/seed/auto-dealer.csv).
const TRACES = [
  '+8613520003003',
  '13520003003',
  '135 2000 3003',
  '+861065529988',
  '1065529988',
  '6552-9988',
  '李娜',
  'AD-0003',
  'MEM-880003',
];
// AD-0005 陈静 (control): must keep everything.
const OTHER = '+8615810005005';

function hotline(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.HOTLINE_HOME;
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['bin/hotline.js', ...args, '--home', home],
      { cwd: root, env, timeout: 120_000 },
      (err, stdout, stderr) =>
        done({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
    );
  });
}

/** Every item of every local table, as JSON text, by table. */
async function dumpTables(): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const table of Object.values(cc.data.tableEnv)) {
    const items: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page: ScanCommandOutput = await cc.data.doc.send(
        new ScanCommand({ TableName: table, ...(start ? { ExclusiveStartKey: start } : {}) }),
      );
      for (const i of page.Items ?? []) items.push(JSON.stringify(i));
      start = page.LastEvaluatedKey;
    } while (start);
    out.set(table, items);
  }
  return out;
}

/** Every object in the S3 emulator's bucket: key and body. */
async function dumpObjects(): Promise<string[]> {
  const s3 = createS3Client({ endpoint: cc.postCall.s3Endpoint });
  const found: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: LOCAL_RECORDINGS_BUCKET,
        ...(token ? { ContinuationToken: token } : {}),
      }),
    );
    for (const o of page.Contents ?? []) {
      const body = await s3.send(new GetObjectCommand({ Bucket: LOCAL_RECORDINGS_BUCKET, Key: o.Key }));
      found.push(
        `${o.Key}\n${Buffer.from((await body.Body?.transformToByteArray()) ?? []).toString('latin1')}`,
      );
    }
    token = page.NextContinuationToken;
  } while (token);
  s3.destroy();
  return found;
}

const localFiles = () =>
  ['sms-outbox.jsonl', 'notifications.jsonl', 'dead-letters.jsonl']
    .map((f) => join(home, f))
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f, 'utf8'));

const tracesIn = (texts: readonly string[]) => TRACES.filter((t) => texts.some((x) => x.includes(t)));

beforeAll(async () => {
  cc = await openLocalContactCentre({ home, profile: 'auto-dealer' });
}, 120_000);
afterAll(async () => {
  await cc?.close();
  rmSync(home, { recursive: true, force: true });
});

describe('hotline crm forget', { timeout: 240_000 }, () => {
  it('leaves no trace of the customer in any table, bucket or local file, and says what it removed', async () => {
    // Complaint from the mobile (ticket + SMS), then the survey after the agent: 1 and 1 (a follow-up ticket).
    const complaint = await cc.call({
      from: '135 2000 3003',
      at: '2026-11-23T10:00:00+08:00',
      inputs: ['6', '1', '1', '1'],
    });
    // A repair booking from the landline, rated 5.
    const booking = await cc.call({
      from: '010-6552-9988',
      at: '2026-11-23T11:00:00+08:00',
      inputs: ['1', '5', '5'],
    });
    // The control customer calls too.
    const other = await cc.call({ from: OTHER, at: '2026-11-23T12:00:00+08:00', inputs: ['1', '4', '4'] });
    expect(await hotline('sms', 'optout', '13520003003')).toMatchObject({ code: 0 });
    expect(await hotline('crm', 'block', '010-6552-9988', '--reason', 'spam')).toMatchObject({ code: 0 });
    expect(await hotline('export')).toMatchObject({ code: 0 });

    // Before: the traces are there (so the search below can find them).
    const before = await dumpTables();
    const beforeText = [...before.values()].flat();
    expect(tracesIn(beforeText)).toEqual(
      expect.arrayContaining(['+8613520003003', '+861065529988', '李娜', 'AD-0003']),
    );
    expect((await dumpObjects()).some((o) => o.includes(complaint.contactId))).toBe(true);
    expect(tracesIn(localFiles())).toContain('+8613520003003');

    const run = await hotline('crm', 'forget', 'AD-0003', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      customerId: string;
      numbers: string[];
      removed: Record<string, number | Record<string, number>>;
      analyticsPartitions: string[];
      analyticsRewritten: boolean;
    };
    expect(report.customerId).toBe('AD-0003');
    expect(report.numbers.join(' ')).not.toMatch(/13520003003|65529988/);
    expect(report.removed).toMatchObject({
      customers: 1,
      phoneItems: 2,
      cardClaims: 1,
      callRecordsAnonymised: 2,
      ticketsAnonymised: expect.any(Number),
      smsOptOutsDeleted: 1,
    });
    expect(report.removed.ticketsAnonymised).toBeGreaterThanOrEqual(1);
    expect(report.removed.smsMessagesDeleted).toBeGreaterThanOrEqual(1);
    expect(report.removed.objectsDeleted).toBeGreaterThanOrEqual(2);
    expect(report.analyticsPartitions).toContain('contacts/dt=2026-11-23');
    expect(report.analyticsRewritten).toBe(true);

    // After: every table, every object, every local file and the analytics export — no trace.
    const after = await dumpTables();
    for (const [table, items] of after) expect(tracesIn(items), `table ${table}`).toEqual([]);
    const objects = await dumpObjects();
    expect(tracesIn(objects), 'S3 objects').toEqual([]);
    expect(objects.some((o) => o.includes(complaint.contactId) || o.includes(booking.contactId))).toBe(false);
    expect(tracesIn(localFiles()), 'local files').toEqual([]);
    const parquet = await hotline('report', '--print');
    expect(parquet.code).toBe(0);
    expect(tracesIn([parquet.stdout])).toEqual([]);

    // The statistics are kept, anonymised; the other customer keeps everything.
    const afterText = [...after.values()].flat();
    expect(afterText.some((i) => i.includes(complaint.contactId) && i.includes('"forgottenAt"'))).toBe(true);
    expect(afterText.some((i) => i.includes(OTHER))).toBe(true);
    expect(objects.some((o) => o.includes(other.contactId))).toBe(true);
    expect((await cc.data.crm.getPhone(OTHER))?.customerId).toBe('AD-0005');

    // A late CTR for a forgotten contact does not bring the number back; forgetting again finds nothing.
    await cc.postCall.process({
      ...complaint,
      ctr: { ...complaint.ctr, LastUpdateTimestamp: '2030-01-01T00:00:00Z' },
    });
    expect(tracesIn([...(await dumpTables()).values()].flat())).toEqual([]);
    const again = await hotline('crm', 'forget', '135 2000 3003', '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).removed).toMatchObject({ customers: 0, callRecordsAnonymised: 0 });
  });
});
