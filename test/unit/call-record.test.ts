import { describe, expect, it } from 'vitest';
import {
  contactIdOfJobName,
  contactIdOfRecordingKey,
  csatStats,
  decodeS3Key,
  mergeRecentContacts,
  needsFollowUp,
  normalizeTranscript,
  parseScore,
  receivedCtr,
  recordVersionOf,
  toCallRecord,
  transcriptionJobName,
} from '../../functions/core/call-record.js';
import { TranscribeOutputSchema } from '../../schemas/call-record.js';
import type { RecentContact } from '../../schemas/crm.js';
import { sampleCtr } from '../support/call-records.js';
import { fixture } from '../support/events.js';

describe('recordVersionOf', () => {
  const ctr = sampleCtr();
  const record = toCallRecord(ctr, 'US');

  it('is the time and a hash of the text: the published CTR keeps the version it was stored under before', () => {
    // The key the previous release gave this CTR (a hash of JSON.stringify of the parsed CTR): a replay across the
    // upgrade rewrites the same item instead of adding a second version.
    expect(recordVersionOf(record, receivedCtr(ctr).text)).toBe('2022-04-08T15:03:02Z#6bd57bbde56d0b82');
    expect(recordVersionOf(record, Buffer.from(JSON.stringify(ctr)))).toBe(
      '2022-04-08T15:03:02Z#6bd57bbde56d0b82',
    );
  });

  it('tells apart two CTRs of the same time, and orders versions by time first', () => {
    const other = receivedCtr({ ...ctr, Attributes: { note: 'other' } });
    expect(recordVersionOf(record, other.text)).not.toBe(recordVersionOf(record, receivedCtr(ctr).text));
    const later = recordVersionOf({ lastUpdateTimestamp: '2022-04-08T15:03:03Z' }, receivedCtr(ctr).text);
    expect(later > recordVersionOf(record, other.text)).toBe(true);
  });
});

describe('toCallRecord', () => {
  it('normalizes the published CTR', () => {
    const r = toCallRecord(sampleCtr(), 'US');
    expect(r).toMatchObject({
      contactId: '15a5cf14-3212-45a1-9f86-a8e97db8afaf',
      channel: 'VOICE',
      initiatedAt: '2022-04-08T14:59:38Z',
      lastUpdateTimestamp: '2022-04-08T15:03:02Z',
      callerNumber: '+17205550100',
      callerWithheld: false,
      queue: 'BasicQueue',
      agentId: 'e0b23dbd-6b9f-4bd5-a1a1-7f3cfa1a4a2c',
      agentUsername: 'admin1',
      talkSeconds: 33,
      recording: {
        bucket: 'amazon-connect-fcc603e85e16',
        key: 'connect/kightsCC/CallRecordings/2022/04/08/15a5cf14-3212-45a1-9f86-a8e97db8afaf_20220408T15:00_UTC.wav',
        status: 'AVAILABLE',
      },
    });
  });

  it('tolerates unknown fields and an abandoned contact (no agent, no recording)', () => {
    const r = toCallRecord(
      sampleCtr({
        Agent: null,
        Recording: null,
        Recordings: [],
        CustomerEndpoint: null,
        NewField: { x: 1 },
      } as never),
      'CN',
    );
    expect(r.agentId).toBeUndefined();
    expect(r.recording).toBeUndefined();
    expect(r.callerWithheld).toBe(true);
    expect(r.callerNumber).toBeUndefined();
  });

  it('takes the customer id from the contact attributes', () => {
    expect(toCallRecord(sampleCtr({ Attributes: { customerId: 'C-1' } }), 'US').customerId).toBe('C-1');
  });
});

describe('mergeRecentContacts', () => {
  const c = (n: number, agentId?: string): RecentContact => ({
    contactId: `c${n}`,
    at: `2026-01-${String(n).padStart(2, '0')}T10:00:00Z`,
    ...(agentId ? { agentId } : {}),
  });
  it('keeps the 10 newest, newest first, one entry per contact', () => {
    let list: RecentContact[] = [];
    for (let n = 1; n <= 12; n++) list = mergeRecentContacts(list, c(n));
    expect(list.map((x) => x.contactId)).toEqual([
      'c12',
      'c11',
      'c10',
      'c9',
      'c8',
      'c7',
      'c6',
      'c5',
      'c4',
      'c3',
    ]);
  });
  it('is idempotent and replaces a re-sent contact', () => {
    const once = mergeRecentContacts([c(1)], c(2));
    expect(mergeRecentContacts(once, c(2))).toEqual(once);
    expect(mergeRecentContacts(once, c(2, 'agent-7'))[0]).toEqual(c(2, 'agent-7'));
  });
  it('an older contact arriving late goes in its place', () => {
    expect(mergeRecentContacts([c(5), c(3)], c(4)).map((x) => x.contactId)).toEqual(['c5', 'c4', 'c3']);
  });
});

describe('recordings and jobs', () => {
  it('decodes S3 notification keys and finds the ContactId', () => {
    const key = decodeS3Key(
      'connect/x/CallRecordings/2022/04/08/15a5cf14-3212-45a1-9f86-a8e97db8afaf_20220408T15%3A00_UTC.wav',
    );
    expect(key.endsWith('T15:00_UTC.wav')).toBe(true);
    expect(contactIdOfRecordingKey(key)).toBe('15a5cf14-3212-45a1-9f86-a8e97db8afaf');
    expect(contactIdOfRecordingKey('connect/x/other.wav')).toBeUndefined();
  });
  it('derives job names from the ContactId, reversibly', () => {
    expect(transcriptionJobName('abc-1')).toBe('hotline-abc-1');
    expect(transcriptionJobName('abc-1', 2)).toBe('hotline-abc-1-r2');
    expect(contactIdOfJobName('hotline-abc-1-r2')).toBe('abc-1');
    expect(contactIdOfJobName('hotline-abc-1')).toBe('abc-1');
    expect(contactIdOfJobName('someone-elses')).toBeUndefined();
    expect(transcriptionJobName('a:b/c')).toMatch(/^[0-9A-Za-z._-]+$/);
  });
});

describe('normalizeTranscript', () => {
  it('turns the published channel-identification output into speaker turns', () => {
    const output = TranscribeOutputSchema.parse(fixture('transcribe', 'output-channel-identification'));
    expect(normalizeTranscript(output)).toEqual([
      { speaker: 'customer', start: 4.86, end: 6.27, text: "I've been on hold for an hour." },
      { speaker: 'agent', start: 7.12, end: 8.05, text: 'Sorry about that.' },
    ]);
  });
});

describe('survey', () => {
  it('parses keyed scores', () => {
    expect(parseScore('4')).toBe(4);
    expect(parseScore('0')).toBeUndefined();
    expect(parseScore('12')).toBeUndefined();
    expect(parseScore(undefined)).toBeUndefined();
  });
  it('opens follow-ups for 2 or less', () => {
    expect([1, 2, 3, 4, 5].map(needsFollowUp)).toEqual([true, true, false, false, false]);
  });
  it('computes CSAT per agent and queue', () => {
    const s = csatStats([
      { score: 5, agentId: 'a1', queue: 'q1' },
      { score: 4, agentId: 'a1', queue: 'q2' },
      { score: 1, agentId: 'a2', queue: 'q1' },
    ]);
    expect(s.byAgent).toEqual([
      { key: 'a1', responses: 2, average: 4.5, csat: 100 },
      { key: 'a2', responses: 1, average: 1, csat: 0 },
    ]);
    expect(s.byQueue[0]).toEqual({ key: 'q1', responses: 2, average: 3, csat: 50 });
    expect(s.overall).toEqual({ key: 'all', responses: 3, average: 3.33, csat: 66.7 });
  });
});
