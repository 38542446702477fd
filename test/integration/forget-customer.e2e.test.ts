/**
 * `hotline crm forget` (issue 17, PIPL/GDPR): a customer who called, complained (ticket, SMS), rated a call (survey,
 * follow-up ticket), was recorded and transcribed, opted out of SMS and was blocked, left a voicemail, was on an
 * outbound campaign (attempt, opted out of it), ordered, booked a repair and a pickup, became a lead, had a call
 * evaluated (QA) and was edited through the API (audit log), is forgotten with the real CLI; then EVERY table
 * (whatever tables exist: a table added later is searched too) and EVERY object of EVERY bucket in the S3 emulator,
 * and the local outbox files, are searched for any trace of their numbers (in every written form), name, customer
 * id, card number, plate and address: none is left. Another customer's data is untouched, and the statistics survive
 * anonymised.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GetObjectCommand, ListBucketsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ScanCommand, type ScanCommandOutput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAuditLog } from '../../functions/adapters/dynamodb/audit-log.js';
import { DynamoBookingRepository } from '../../functions/adapters/dynamodb/booking-repository.js';
import { DynamoLeadRepository } from '../../functions/adapters/dynamodb/lead-repository.js';
import { DynamoOrderRepository } from '../../functions/adapters/dynamodb/order-repository.js';
import { DynamoPickupRepository } from '../../functions/adapters/dynamodb/pickup-repository.js';
import { DynamoSupervisionRepository } from '../../functions/adapters/dynamodb/supervision-repository.js';
import { createS3Client } from '../../functions/adapters/s3/object-store.js';
import { DEFAULT_ORDERING } from '../../functions/core/orders/orders.js';
import { placeOrder } from '../../functions/use-cases/orders/place-order.js';
import { ERASURE_BY_TABLE } from '../../functions/use-cases/privacy/erasure-by-table.js';
import { type LocalContactCentre, openLocalContactCentre } from '../../infra/local/contact-centre.js';
import {
  AUDIT_TABLE,
  BOOKINGS_TABLE,
  LEADS_TABLE,
  ORDERS_TABLE,
  PICKUPS_TABLE,
  SUPERVISION_TABLE,
  TABLES,
  TICKETS_TABLE,
} from '../../schemas/tables.js';
import { itemText, scanAll } from '../support/dynamo.js';

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
  '京B·51003',
  '朝阳区望京街9号',
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

/** Every item of every local table, as JSON text (binary attributes as their UTF-8 text), by table. */
async function dumpTables(): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const table of Object.values(cc.data.tableEnv)) {
    const items: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page: ScanCommandOutput = await cc.data.doc.send(
        new ScanCommand({ TableName: table, ...(start ? { ExclusiveStartKey: start } : {}) }),
      );
      for (const i of page.Items ?? []) items.push(itemText(i));
      start = page.LastEvaluatedKey;
    } while (start);
    out.set(table, items);
  }
  return out;
}

/** Every object of every bucket in the S3 emulator: bucket, key and body. */
async function dumpObjects(): Promise<string[]> {
  const s3 = createS3Client({ endpoint: cc.postCall.s3Endpoint });
  const found: string[] = [];
  const buckets = (await s3.send(new ListBucketsCommand({}))).Buckets ?? [];
  for (const { Name: bucket } of buckets) {
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, ...(token ? { ContinuationToken: token } : {}) }),
      );
      for (const o of page.Contents ?? []) {
        const body = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key }));
        found.push(
          `${bucket}/${o.Key}\n${Buffer.from((await body.Body?.transformToByteArray()) ?? []).toString('utf8')}`,
        );
      }
      token = page.NextContinuationToken;
    } while (token);
  }
  s3.destroy();
  return found;
}

const localFiles = () =>
  ['sms-outbox.jsonl', 'notifications.jsonl', 'dead-letters.jsonl']
    .map((f) => join(home, f))
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f, 'utf8'));

const tracesIn = (texts: readonly string[]) => TRACES.filter((t) => texts.some((x) => x.includes(t)));

/**
 * The customer's records in the business tables, written through their repositories (and the order use case), with
 * the control customer's beside them: an order, a repair booking (their plate), a pickup (their address), a lead, a
 * QA evaluation of their call (a flag quoting it, a comment naming them) and an audit entry of an API edit. The
 * voicemail is put on their complaint ticket as the voicemail path stores it.
 */
async function seedRecords(contactId: string, ticketId: string): Promise<void> {
  const doc = cc.data.doc;
  const table = (def: { envVar: string }) => cc.data.tableEnv[def.envVar] as string;
  const at = new Date('2026-11-23T03:00:00Z');
  const orders = new DynamoOrderRepository(doc, table(ORDERS_TABLE));
  await orders.saveProduct(
    { code: '1001', brand: '中华', specification: '（硬）', unit: '条', priceCents: 45_000, active: true },
    at,
  );
  await orders.saveSupply({ period: '2026-W48', code: '1001', supplied: 10 }, at);
  for (const [customerId, phone] of [
    ['AD-0003', '+8613520003003'],
    ['AD-0005', OTHER],
  ] as const) {
    const placed = await placeOrder(
      { orders, settings: DEFAULT_ORDERING, now: () => at },
      {
        retailer: { customerId, tier: 'standard', branch: 'chaoyang', phone, language: 'zh-CN' },
        lines: [{ code: '1001', quantity: 2 }],
        source: 'agent',
        createdBy: 'agent-hu',
      },
    );
    expect(placed.ok).toBe(true);
  }
  const bookings = new DynamoBookingRepository(doc, table(BOOKINGS_TABLE));
  const pickups = new DynamoPickupRepository(doc, table(PICKUPS_TABLE));
  const leads = new DynamoLeadRepository(doc, table(LEADS_TABLE));
  const people = [
    { customerId: 'AD-0003', name: '李娜', phone: '+8613520003003', plate: '京B·51003', n: 1 },
    { customerId: 'AD-0005', name: '陈静', phone: OTHER, plate: '京E·30005', n: 2 },
  ];
  for (const p of people) {
    const common = {
      customerId: p.customerId,
      name: p.name,
      phone: p.phone,
      language: 'zh-CN' as const,
      source: 'agent' as const,
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
      history: [
        { at: at.toISOString(), to: 'booked' as const, by: 'agent-hu', note: `${p.name} ${p.phone}` },
      ],
    };
    await bookings.book({
      capacity: 5,
      booking: {
        ...common,
        bookingId: `R20261123-000${p.n}`,
        status: 'booked',
        branch: 'chaoyang',
        slotId: 'chaoyang#20261124#am',
        slotStart: '2026-11-24T01:00:00Z',
        slotEnd: '2026-11-24T03:00:00Z',
        vehicle: { plate: p.plate, model: '奥迪A4L', purchaseDate: '2021-06-30' },
        remindAt: '2026-11-23T10:00:00Z',
        moves: 0,
      },
    });
    await pickups.book({
      capacity: 5,
      pickup: {
        ...common,
        pickupId: `P20261123-000${p.n}`,
        status: 'booked',
        branch: 'chaoyang',
        slotId: 'chaoyang#20261124#pm',
        slotStart: '2026-11-24T05:00:00Z',
        slotEnd: '2026-11-24T08:00:00Z',
        address: p.n === 1 ? '朝阳区望京街9号' : '朝阳区建国路1号',
      },
    });
    await leads.create({
      ...common,
      leadId: `L20261123-000${p.n}`,
      status: 'new',
      client: 'xinghe',
      interest: 'broadband',
      consent: true,
      history: [{ at: at.toISOString(), to: 'new', by: 'agent-hu', note: `call ${p.phone}` }],
    });
  }
  const qa = new DynamoSupervisionRepository(doc, table(SUPERVISION_TABLE));
  await qa.create({
    contactId,
    agentId: 'agent-hu',
    scorecardKey: 'default',
    evaluator: 'supervisor-li',
    answers: {},
    sectionScores: {},
    scorePercent: 80,
    autoFailed: false,
    autoFailQuestions: [],
    passed: true,
    reasons: ['complaint'],
    flags: [{ kind: 'forbidden_phrase', at: 12, detail: '客户说：我叫李娜，住在朝阳区望京街9号' }],
    comments: [
      {
        by: 'supervisor-li',
        role: 'supervisor',
        at: at.toISOString(),
        text: '李娜 (13520003003) 的投诉处理得当',
      },
    ],
    evaluatedAt: at.toISOString(),
  });
  await new DynamoAuditLog(doc, table(AUDIT_TABLE)).record({
    at: at.toISOString(),
    actor: 'admin-zhou',
    role: 'admin',
    action: 'updateCustomer',
    target: 'customer:AD-0003',
    changes: { phones: { before: ['+8613520003003'], after: ['+8613520003003', '+861065529988'] } },
  });
  await new DynamoAuditLog(doc, table(AUDIT_TABLE)).record({
    at: at.toISOString(),
    actor: 'admin-zhou',
    role: 'admin',
    action: 'updateCustomer',
    target: 'customer:AD-0005',
    changes: { name: { before: '陈静', after: '陈静' } },
  });
  await doc.send(
    new UpdateCommand({
      TableName: table(TICKETS_TABLE),
      Key: { pk: `TICKET#${ticketId}`, sk: 'TICKET' },
      UpdateExpression: 'SET voicemail = :v',
      ExpressionAttributeValues: {
        ':v': {
          status: 'transcribed',
          transcript: '我是李娜，请回电 13520003003',
          audio: `s3://recordings/voicemail/${contactId}.wav`,
          updatedAt: at.toISOString(),
        },
      },
    }),
  );
}

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
    // An outbound return visit to both: the customer answers and presses 9 (the campaign's do-not-call list).
    const list = join(home, 'list.csv');
    writeFileSync(list, `phone,customerId,name\n13520003003,AD-0003,李娜\n${OTHER},AD-0005,陈静\n`);
    const answers = join(home, 'answers.json');
    writeFileSync(
      answers,
      JSON.stringify({ '+8613520003003': ['answered:keys=9'], [OTHER]: ['answered:keys=1'] }),
    );
    const created = await hotline(
      ...['campaigns', 'create', 'visit', '--purpose', 'return-visit', '--mode', 'agentless', '--file', list],
    );
    expect(created.stderr).toBe('');
    const ran = await hotline(
      ...['campaigns', 'run', 'visit', '--at', '2026-11-24T07:00', '--until', '2026-11-24T12:00'],
      ...['--answers', answers],
    );
    expect(ran.stderr).toBe('');
    const complaintTicket = ((await dumpTables()).get(cc.data.tableEnv[TICKETS_TABLE.envVar] as string) ?? [])
      .map((i) => JSON.parse(i) as Record<string, unknown>)
      .find((t) => t.entity === 'ticket' && t.customerId === 'AD-0003' && t.category === 'complaint');
    await seedRecords(complaint.contactId, String(complaintTicket?.ticketId));
    expect(await hotline('sms', 'optout', '13520003003')).toMatchObject({ code: 0 });
    expect(await hotline('crm', 'block', '010-6552-9988', '--reason', 'spam')).toMatchObject({ code: 0 });
    expect(await hotline('export')).toMatchObject({ code: 0 });

    // Before: the traces are there (so the search below can find them).
    const before = await dumpTables();
    const beforeText = [...before.values()].flat();
    expect(tracesIn(beforeText)).toEqual(
      expect.arrayContaining([
        '+8613520003003',
        '+861065529988',
        '李娜',
        'AD-0003',
        '京B·51003',
        '朝阳区望京街9号',
      ]),
    );
    // Every business table holds the customer before (so the search after is not vacuous).
    for (const def of [
      ORDERS_TABLE,
      BOOKINGS_TABLE,
      PICKUPS_TABLE,
      LEADS_TABLE,
      SUPERVISION_TABLE,
      AUDIT_TABLE,
    ])
      expect(tracesIn(before.get(cc.data.tableEnv[def.envVar] as string) ?? []), def.id).not.toEqual([]);
    expect(
      tracesIn(before.get(cc.data.tableEnv.CAMPAIGNS_TABLE_NAME as string) ?? []),
      'campaigns',
    ).toContain('+8613520003003');
    // The call records keep each CTR as the bytes of its JSON text: the search reads them as text.
    const records = await scanAll(cc.data.doc, cc.data.tableEnv.CONTACTS_TABLE_NAME as string);
    const ctrTexts = records.flatMap((i) => (i.ctr instanceof Uint8Array ? [itemText(i.ctr)] : []));
    expect(tracesIn(ctrTexts), 'CTRs stored as bytes that name the customer').toEqual(
      expect.arrayContaining(['135 2000 3003', '6552-9988']),
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
    expect(report.removed.records).toMatchObject({
      ordersAnonymised: 1,
      orderTotalsAndLimitsDeleted: 1,
      bookingsAnonymised: 1,
      pickupsAnonymised: 1,
      leadsAnonymised: 1,
      evaluationsCleaned: 1,
      auditEntriesRedacted: 1,
    });
    // The list entry, its attempt and the campaign's do-not-call item.
    expect(report.removed.records).toMatchObject({ campaignItemsDeleted: 3 });
    expect(report.analyticsPartitions).toEqual(
      expect.arrayContaining([
        'contacts/dt=2026-11-23',
        'orders/dt=2026-11-23',
        'bookings/dt=2026-11-24',
        'leads/dt=2026-11-23',
        'evaluations/dt=2026-11-23',
        'campaign_attempts/dt=2026-11-24',
      ]),
    );
    expect(report.analyticsRewritten).toBe(true);

    // After: every table, every object, every local file and the analytics export — no trace.
    const after = await dumpTables();
    expect(after.size, 'every table of schemas/tables.ts is searched').toBe(TABLES.length);
    expect(Object.keys(ERASURE_BY_TABLE).sort()).toEqual(TABLES.map((t) => t.id).sort());
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
    for (const def of [ORDERS_TABLE, BOOKINGS_TABLE, PICKUPS_TABLE, LEADS_TABLE, AUDIT_TABLE])
      expect(
        after.get(cc.data.tableEnv[def.envVar] as string)?.some((i) => i.includes('AD-0005')),
        `${def.id} keeps the other customer`,
      ).toBe(true);
    expect(
      after.get(cc.data.tableEnv.CAMPAIGNS_TABLE_NAME as string)?.filter((i) => i.includes(OTHER)).length,
    ).toBe(2);
    // The anonymised records still read through their repositories (valid for their schemas).
    const bookings = new DynamoBookingRepository(
      cc.data.doc,
      cc.data.tableEnv[BOOKINGS_TABLE.envVar] as string,
    );
    expect(await bookings.get('R20261123-0001')).toMatchObject({ customerId: 'forgotten', status: 'booked' });
    const pickups = new DynamoPickupRepository(cc.data.doc, cc.data.tableEnv[PICKUPS_TABLE.envVar] as string);
    expect(await pickups.get('P20261123-0001')).toMatchObject({
      customerId: 'forgotten',
      address: '[forgotten]',
    });
    const leads = new DynamoLeadRepository(cc.data.doc, cc.data.tableEnv[LEADS_TABLE.envVar] as string);
    expect((await leads.get('L20261123-0001'))?.customerId).toBeUndefined();
    const qa = new DynamoSupervisionRepository(
      cc.data.doc,
      cc.data.tableEnv[SUPERVISION_TABLE.envVar] as string,
    );
    expect((await qa.get(complaint.contactId))?.scorePercent).toBe(80);

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
