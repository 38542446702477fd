/**
 * Where supervision lives, for `hotline wallboard` and `hotline qa …`: the local data under --home (DynamoDB
 * Local, the console's ACD state file, notifications to the outbox), or with --aws the deployed Supervision and
 * Contacts tables, the Connect instance and queues (Connect stack outputs) and the supervisors' SNS topic.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { ConnectClient } from '@aws-sdk/client-connect';
import { SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { boundedClientConfig, CALL_LIMITS } from '../../functions/adapters/aws/http.js';
import { ConnectWallboardSource } from '../../functions/adapters/connect/wallboard-source.js';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import { scanCallRecords } from '../../functions/adapters/dynamodb/contacts-scan.js';
import { DynamoSupervisionRepository } from '../../functions/adapters/dynamodb/supervision-repository.js';
import { LocalAcdWallboardSource, loadAcdState } from '../../functions/adapters/local/acd-wallboard.js';
import { OutboxNotifier } from '../../functions/adapters/local/outbox.js';
import { SnsNotifier } from '../../functions/adapters/sns/sms-gateway.js';
import { contactRowOf } from '../../functions/core/analytics/rows.js';
import { startOfDay, todayByQueue } from '../../functions/core/supervision/wallboard.js';
import type { Notifier } from '../../functions/ports/sms.js';
import type { WallboardSource } from '../../functions/ports/supervision.js';
import { closeDocumentClient, openLocalData } from '../../infra/local/local-data.js';
import { outputNameForEnvVar } from '../../infra/stacks/data-stack.js';
import type { Profile } from '../../schemas/profile.js';
import type { WallboardSettings } from '../../schemas/supervision.js';
import { CONTACTS_TABLE, SUPERVISION_TABLE, TICKETS_TABLE } from '../../schemas/tables.js';
import { type DataLocation, RuntimeError } from '../runtime.js';

/** The notifier's topic key for the supervisors (the same topic ticket escalation uses). */
export const SUPERVISOR_TOPIC = 'supervisor';

export interface SupervisionRuntime {
  readonly repo: DynamoSupervisionRepository;
  readonly doc: DynamoDBDocumentClient;
  readonly contactsTable: string;
  readonly ticketsTable: string;
  readonly source: WallboardSource;
  readonly notifier: Notifier;
  readonly where: string;
  /** The local data folder; undefined with --aws. */
  readonly home?: string;
}

async function outputsOf(cfn: CloudFormationClient, stackName: string): Promise<Map<string, string>> {
  const out = await cfn.send(new DescribeStacksCommand({ StackName: stackName })).catch((err: Error) => {
    throw new RuntimeError(`cannot read stack ${stackName}: ${err.message}`);
  });
  return new Map((out.Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
}

const need = (outputs: Map<string, string>, key: string, stack: string): string => {
  const v = outputs.get(key);
  if (!v) throw new RuntimeError(`stack ${stack} has no output ${key}: redeploy with this version`);
  return v;
};

export async function withSupervision<T>(
  location: DataLocation,
  profile: Profile,
  settings: WallboardSettings,
  timeZone: string,
  fn: (rt: SupervisionRuntime) => Promise<T>,
): Promise<T> {
  if (location.aws) {
    const cfn = new CloudFormationClient({});
    const region = await cfn.config.region().catch(() => {
      throw new RuntimeError('no AWS region is configured: set AWS_REGION (or a region in ~/.aws/config)');
    });
    const p = location.stackPrefix;
    let data: Map<string, string>;
    let functions: Map<string, string>;
    let connect: Map<string, string>;
    try {
      [data, functions, connect] = await Promise.all([
        outputsOf(cfn, `${p}-Data`),
        outputsOf(cfn, `${p}-Functions`),
        outputsOf(cfn, `${p}-Connect`),
      ]);
    } finally {
      cfn.destroy();
    }
    const supervisionTable = need(data, outputNameForEnvVar(SUPERVISION_TABLE.envVar), `${p}-Data`);
    const contactsTable = need(data, outputNameForEnvVar(CONTACTS_TABLE.envVar), `${p}-Data`);
    const ticketsTable = need(data, outputNameForEnvVar(TICKETS_TABLE.envVar), `${p}-Data`);
    const topicArn = need(functions, 'SupervisorTopicArn', `${p}-Functions`);
    const instanceArn = need(connect, 'InstanceArn', `${p}-Connect`);
    const queues = profile.queues.map((q) => {
      const arn = need(connect, `Queue${pascalKey(q.key)}Arn`, `${p}-Connect`);
      return { id: arn.slice(arn.lastIndexOf('/') + 1), name: q.name };
    });
    const doc = createDocumentClient({
      region,
      connectionTimeoutMs: 3000,
      requestTimeoutMs: 10_000,
      maxAttempts: 5,
    });
    const connectClient = new ConnectClient({ region, maxAttempts: 5 });
    const sns = new SNSClient(boundedClientConfig(CALL_LIMITS.event, { region }));
    try {
      return await fn({
        repo: new DynamoSupervisionRepository(doc, supervisionTable),
        doc,
        contactsTable,
        ticketsTable,
        source: new ConnectWallboardSource({
          client: connectClient,
          instanceArn,
          queues,
          serviceLevelSeconds: settings.serviceLevel.thresholdSeconds,
          timeZone,
        }),
        notifier: new SnsNotifier(sns, { [SUPERVISOR_TOPIC]: topicArn }),
        where: `AWS ${region} (stacks ${p}-*)`,
      });
    } finally {
      closeDocumentClient(doc);
      connectClient.destroy();
      sns.destroy();
    }
  }
  const local = await openLocalData(location.home);
  try {
    const contactsTable = local.tableEnv[CONTACTS_TABLE.envVar] as string;
    const source = new LocalAcdWallboardSource(
      () => loadAcdState(local.home, profile),
      async (at) => {
        const records = await scanCallRecords(local.doc, contactsTable, startOfDay(at, timeZone), at);
        return todayByQueue(records.map(contactRowOf), settings.serviceLevel.thresholdSeconds);
      },
    );
    return await fn({
      repo: new DynamoSupervisionRepository(local.doc, local.tableEnv[SUPERVISION_TABLE.envVar] as string),
      doc: local.doc,
      contactsTable,
      ticketsTable: local.tableEnv[TICKETS_TABLE.envVar] as string,
      source,
      notifier: new OutboxNotifier(local.home),
      where: `local data in ${location.home}`,
      home: local.home,
    });
  } finally {
    await local.close();
  }
}

/** `branch-north` → `BranchNorth` (the Connect stack's output names). */
const pascalKey = (key: string): string =>
  key
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
