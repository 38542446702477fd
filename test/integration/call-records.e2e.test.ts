/**
 * F6, F8–F10 end to end on the local contact centre, in process: a scripted call leaves a call record (its CTR
 * through the ingestion handler), a recording in the S3 emulator, a transcript (local transcriber, same
 * handlers) and a survey result; the caller's next lookup returns that call among the recent contacts and its
 * agent as the last agent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCallRecordRepository } from '../../functions/adapters/dynamodb/call-record-repository.js';
import { createS3Client, S3ObjectStore } from '../../functions/adapters/s3/object-store.js';
import { lookupCaller } from '../../functions/use-cases/lookup-caller.js';
import { type LocalContactCentre, openLocalContactCentre } from '../../infra/local/contact-centre.js';
import { CONTACTS_TABLE } from '../../schemas/tables.js';

const home = mkdtempSync(join(tmpdir(), 'hotline-records-'));
let cc: LocalContactCentre;

beforeAll(async () => {
  cc = await openLocalContactCentre({ home, profile: 'auto-dealer' });
});
afterAll(async () => {
  await cc?.close();
  rmSync(home, { recursive: true, force: true });
});

describe('a scripted local call leaves its record, recording, transcript and survey', {
  timeout: 60_000,
}, () => {
  it('stores them all, and the next lookup knows the call and the agent', async () => {
    // AD-0001 (VIP, dedicated agent-wang): straight to the agent; then the survey: 4, and 5 for the second question.
    const result = await cc.call({
      from: '138-0013-8000',
      at: '2026-11-23T10:00:00+08:00',
      inputs: ['4', '5'],
    });
    expect(result.outcome).toMatchObject({ type: 'agent', agent: { id: 'agent-wang' } });
    const records = new DynamoCallRecordRepository(
      cc.data.doc,
      cc.data.tableEnv[CONTACTS_TABLE.envVar] as string,
    );
    const view = await records.getContact(result.contactId);
    expect(view.record).toMatchObject({
      contactId: result.contactId,
      callerNumber: '+8613800138000',
      customerId: 'AD-0001',
      agentId: 'agent-wang',
      disconnectReason: 'AGENT_DISCONNECT',
    });
    const key = view.record?.recording?.key as string;
    expect(key).toMatch(new RegExp(`/${result.contactId}_\\d{8}T\\d{2}:\\d{2}_UTC\\.wav$`));
    const wav = await new S3ObjectStore(createS3Client({ endpoint: cc.postCall.s3Endpoint })).getText({
      bucket: view.record?.recording?.bucket as string,
      key,
    });
    expect(wav.startsWith('RIFF')).toBe(true);
    expect(view.transcription).toMatchObject({ status: 'COMPLETED', attempt: 1 });
    const turns = view.transcript?.turns ?? [];
    expect(turns.find((t) => t.speaker === 'customer')?.text).toBe('key 4');
    expect(turns.some((t) => t.speaker === 'agent' && t.text.includes('请为本次服务打分'))).toBe(true);
    expect(view.survey).toMatchObject({ score: 4, answer2: 5, agentId: 'agent-wang' });
    expect(await records.listByCaller('+8613800138000', 10)).toHaveLength(1);

    const { response } = await lookupCaller(
      {
        crm: cc.data.crm,
        policy: { vipQueue: 'vip', branchQueues: {} },
        phoneRegion: 'CN',
        budgetMs: 5000,
        // The next day: within the last-agent window (7 days) of the call placed above.
        now: () => new Date('2026-11-24T10:00:00+08:00'),
      },
      '13800138000',
    );
    expect(response.lastAgentId).toBe('agent-wang');
    expect(JSON.parse(response.recentContacts)[0]).toMatchObject({ agentId: 'agent-wang' });
    expect(cc.postCallResults.get(result.contactId)).toMatchObject({ ingested: true, recordingKey: key });
  });
});
