/**
 * Agent user IDs in routing (issue 16): the CRM names agents by the profile's agent keys (`agent-wang`), Connect
 * routes to an agent's own queue by the agent's user ID. A deployment with Connect users passes their IDs to the
 * caller lookup (the inbound flow's `agentUserIds` parameter), which answers the dedicated and last agent as user
 * IDs. Run here on the local contact centre with agents known by user IDs, the real lookup on DynamoDB Local and
 * the real contact-record ingestion: a VIP reaches the dedicated agent's user, and the call's contact record (agent
 * ARN `…/agent/<user id>`) makes the next call go back to that user. The CDK side: test/infra/telephony.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildInboundFlow, localFlowRefs } from '../../contact-flows/flows/index.js';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { createProfileRuntime } from '../../contact-flows/runtime/profile-runtime.js';
import {
  DynamoCallRecordRepository,
  DynamoRecentContactsWriter,
} from '../../functions/adapters/dynamodb/call-record-repository.js';
import { openCustomerFile } from '../../functions/adapters/files/customer-file.js';
import { parseAgentUserIds, withAgentUserIds } from '../../functions/core/caller-lookup.js';
import { ingestContactRecord } from '../../functions/use-cases/call-records/ingest-contact-record.js';
import { importCustomers } from '../../functions/use-cases/import-customers.js';
import { localHandlers } from '../../infra/local/contact-centre.js';
import { seedFile } from '../../infra/local/seed.js';
import type { LookupResponse } from '../../schemas/lookup.js';
import { createTestTables, type TestTables } from '../support/dynamo.js';

const profile = getProfile('auto-dealer');
/** Connect user IDs, as `agentUsers=create` would give them. */
const USER_IDS: Readonly<Record<string, string>> = Object.fromEntries(
  profile.agents.map((a, i) => [a.id, `0000000${i}-1111-4222-8333-${String(i).padStart(12, '4')}`]),
);
const VIP = '+86 138 0013 8000'; // AD-0001, VIP of agent-wang (seed)
const PLAIN = '186 1234 5004'; // AD-0004, no history (seed)
const AT = '2025-03-03T10:00:00+08:00';

describe('the lookup maps agent keys to user IDs', () => {
  it('reads agent-key=user-id pairs and ignores anything else', () => {
    expect(parseAgentUserIds('agent-wang=u-1, agent-liu = u-2,broken,=x,y=')).toEqual({
      'agent-wang': 'u-1',
      'agent-liu': 'u-2',
    });
    expect(parseAgentUserIds(undefined)).toEqual({});
  });

  it('maps the dedicated and last agent; user IDs and unknown keys pass through', () => {
    const answer = { dedicatedAgentId: 'agent-wang', lastAgentId: 'u-already' } as LookupResponse;
    expect(withAgentUserIds(answer, { 'agent-wang': 'u-1' })).toMatchObject({
      dedicatedAgentId: 'u-1',
      lastAgentId: 'u-already',
    });
    expect(withAgentUserIds({ ...answer, dedicatedAgentId: '' }, { '': 'x' }).dedicatedAgentId).toBe('x');
  });

  it('the inbound flow passes the user IDs only when the deployment has them', () => {
    const param = (ids?: Record<string, string>) =>
      buildInboundFlow(profile, {
        ...localFlowRefs(profile),
        ...(ids ? { agentUserIds: ids } : {}),
      }).Actions.find((a) => a.Identifier === 'Lookup caller')?.Parameters
        .LambdaInvocationAttributes as Record<string, string>;
    expect(param()).toEqual({ phoneNumber: '$.CustomerEndpoint.Address' });
    expect(param({ 'agent-wang': 'u-1', 'agent-liu': 'u-2' })).toEqual({
      phoneNumber: '$.CustomerEndpoint.Address',
      agentUserIds: 'agent-wang=u-1,agent-liu=u-2',
    });
  });
});

describe('routing by the deployed agents’ user IDs (local contact centre, real lookup and ingestion)', () => {
  let tables: TestTables;
  beforeAll(async () => {
    tables = await createTestTables();
    const file = await openCustomerFile(seedFile(profile.id));
    await importCustomers({ crm: tables.crm }, file.rows(), { region: profile.phoneRegion });
  });
  const call = (from: string, inputs: (string | null)[] = []) => {
    const centre = createProfileRuntime(profile, {
      // On the call's clock: the last-agent window (7 days) is read at the time of the call.
      lambdas: localHandlers(
        profile,
        { tableEnv: tables.env, endpoint: tables.endpoint },
        () => new Date(AT),
      ),
      agentUserIds: USER_IDS,
      clock: AT,
    });
    return centre.runtime.call({ entryFlowArn: centre.entryFlowArn, from, inputs, contactId: randomUUID() });
  };

  it('a VIP whose CRM record names agent-wang reaches agent-wang’s Connect user', async () => {
    const r = await call(VIP);
    expect(r.attributes.dedicatedAgentId).toBe(USER_IDS['agent-wang']);
    expect(r.outcome).toMatchObject({ type: 'agent', priority: 1 });
    expect(r.outcome.agent?.id).toBe(USER_IDS['agent-wang']);
  });

  it('the contact record of a call names the user; the next call goes back to that user (last agent)', async () => {
    const first = await call(PLAIN, ['2']); // insurance claims: agent-liu
    const agent = first.outcome.agent?.id;
    expect(agent).toBe(USER_IDS['agent-liu']);
    expect(first.ctr.Agent?.ARN).toMatch(new RegExp(`/agent/${agent}$`));
    const crm = tables.env.CRM_TABLE_NAME as string;
    await ingestContactRecord(
      {
        records: new DynamoCallRecordRepository(tables.doc, tables.env.CONTACTS_TABLE_NAME as string),
        recent: new DynamoRecentContactsWriter(tables.doc, crm),
        phoneRegion: profile.phoneRegion,
        now: () => new Date(),
      },
      first.ctr,
    );
    const again = await call(PLAIN);
    expect(again.attributes.lastAgentId).toBe(agent);
    expect(again.outcome).toMatchObject({ type: 'agent' });
    expect(again.outcome.agent?.id).toBe(agent);
    expect(again.path.map((s) => s.action)).toContain('Last agent');
  });
});
