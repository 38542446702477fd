/**
 * The campaign results dataset (campaign_attempts) and its named queries on DuckDB, with known answers: two
 * campaigns, retries, a do-not-call skip, unreachable contacts, conversions and return-visit satisfaction.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PURPOSE_DISPOSITIONS } from '../../contact-flows/profiles/campaigns.js';
import {
  type AnalyticsDb,
  openAnalyticsDb,
  writeDataset,
} from '../../functions/adapters/duckdb/analytics-duckdb.js';
import { namedQuery } from '../../functions/core/analytics/queries.js';
import { campaignAttemptRowOf } from '../../functions/core/analytics/rows.js';
import { CAMPAIGN_ATTEMPTS_DATASET, type CampaignAttemptRow } from '../../schemas/analytics.js';
import type { Attempt, CampaignPurpose, EntryStatus } from '../../schemas/campaigns.js';

let root: string;
let db: AnalyticsDb;

/** Attempts of one contact: results in order; the contact ends as `status` with `disposition`. */
function contact(
  campaign: string,
  purpose: CampaignPurpose,
  entryId: string,
  results: ReadonlyArray<readonly [Attempt['result'], string | undefined, string]>,
  status: EntryStatus,
  disposition?: string,
): CampaignAttemptRow[] {
  return results.map(([result, d, at], i) =>
    campaignAttemptRowOf({
      attempt: {
        campaign,
        entryId,
        n: i + 1,
        clientToken: `${campaign}-${entryId}-${i + 1}`,
        phone: '+8613800138000',
        at,
        result,
        ...(d ? { disposition: d } : {}),
      },
      campaign: { name: campaign, purpose, mode: 'agent', dispositions: [...PURPOSE_DISPOSITIONS[purpose]] },
      entry: { attempts: results.length, status, ...(disposition ? { disposition } : {}) },
    }),
  );
}

const rows: CampaignAttemptRow[] = [
  // Return visits: satisfied after a no-answer (day 1 → day 2), unsatisfied, unreachable, skipped (blacklist).
  ...contact(
    'rv',
    'return-visit',
    '0001',
    [
      ['no-answer', undefined, '2026-12-01T01:00:00Z'],
      ['answered', 'satisfied', '2026-12-02T01:00:00Z'],
    ],
    'done',
    'satisfied',
  ),
  ...contact(
    'rv',
    'return-visit',
    '0002',
    [['answered', 'unsatisfied', '2026-12-01T02:00:00Z']],
    'done',
    'unsatisfied',
  ),
  ...contact(
    'rv',
    'return-visit',
    '0003',
    [
      ['busy', undefined, '2026-12-01T03:00:00Z'],
      ['voicemail', undefined, '2026-12-01T04:00:00Z'],
    ],
    'failed',
    'unreachable',
  ),
  ...contact('rv', 'return-visit', '0004', [['dnc', undefined, '2026-12-01T01:00:00Z']], 'dnc', 'blacklist'),
  // Ordering: one ordered, one declined, one still pending after a no-answer.
  ...contact(
    'top-up',
    'ordering',
    '0001',
    [['answered', 'ordered', '2026-12-01T01:05:00Z']],
    'done',
    'ordered',
  ),
  ...contact(
    'top-up',
    'ordering',
    '0002',
    [['answered', 'declined', '2026-12-01T01:06:00Z']],
    'done',
    'declined',
  ),
  ...contact('top-up', 'ordering', '0003', [['no-answer', undefined, '2026-12-01T01:07:00Z']], 'pending'),
];

async function* each<T>(xs: readonly T[]): AsyncGenerator<T> {
  yield* xs;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'hotline-campaign-analytics-'));
  await writeDataset(root, CAMPAIGN_ATTEMPTS_DATASET, each(rows));
  db = await openAnalyticsDb(root);
});

afterAll(() => {
  db?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('campaign analytics (DuckDB, known answers)', () => {
  it('marks the last attempt of a finished contact, with the contact’s disposition and success', () => {
    const last = rows
      .filter((r) => r.last_attempt)
      .map((r) => `${r.campaign}/${r.entry_id}:${r.disposition}:${r.success}`);
    expect(last).toEqual([
      'rv/0001:satisfied:true',
      'rv/0002:unsatisfied:false',
      'rv/0003:unreachable:false',
      'rv/0004:blacklist:false',
      'top-up/0001:ordered:true',
      'top-up/0002:declined:false',
    ]);
  });

  it('campaign_results: attempts, dials, contact rate, contacts, finished, do-not-call, conversion', async () => {
    const out = await db.query(namedQuery('campaign_results').sql);
    expect(out).toEqual([
      {
        campaign: 'rv',
        purpose: 'return-visit',
        mode: 'agent',
        attempts: 6,
        dials: 5,
        answered: 2,
        contact_rate: 2 / 5,
        contacts: 4,
        finished: 4,
        do_not_call: 1,
        converted: 1,
        conversion: 1 / 4,
      },
      {
        campaign: 'top-up',
        purpose: 'ordering',
        mode: 'agent',
        attempts: 3,
        dials: 3,
        answered: 2,
        contact_rate: 2 / 3,
        contacts: 3,
        finished: 2,
        do_not_call: 0,
        converted: 1,
        conversion: 1 / 2,
      },
    ]);
  });

  it('campaign_dispositions: finished contacts per disposition and their share', async () => {
    const out = await db.query(namedQuery('campaign_dispositions').sql);
    expect(out.map((r) => [r.campaign, r.disposition, r.contacts, r.share])).toEqual([
      ['rv', 'blacklist', 1, 0.25],
      ['rv', 'satisfied', 1, 0.25],
      ['rv', 'unreachable', 1, 0.25],
      ['rv', 'unsatisfied', 1, 0.25],
      ['top-up', 'declined', 1, 0.5],
      ['top-up', 'ordered', 1, 0.5],
    ]);
  });

  it('return_visit_satisfaction: per day of the visit, satisfied over reached', async () => {
    const out = await db.query(namedQuery('return_visit_satisfaction').sql);
    expect(out).toEqual([
      { dt: '2026-12-01', reached: 1, satisfied: 0, unsatisfied: 1, satisfaction: 0 },
      { dt: '2026-12-02', reached: 1, satisfied: 1, unsatisfied: 0, satisfaction: 1 },
    ]);
  });
});
