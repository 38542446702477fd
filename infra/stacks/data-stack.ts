import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { TABLES } from '../../schemas/tables.js';
import { ANALYTICS_DATASETS, NAMED_QUERIES } from '../analytics-definitions.js';
import { AnalyticsStorage } from '../constructs/analytics.js';
import { CallRecordStorage } from '../constructs/call-records.js';
import { HotlineTable } from '../constructs/hotline-table.js';
import { outputNameForEnvVar } from './output-names.js';

export type TableId = (typeof TABLES)[number]['id'];

export { outputNameForEnvVar };

export interface DataStackProps extends StackProps {
  /** Athena: bytes-scanned limit per query of the analytics workgroup, in GB (context athenaBytesScannedLimitGb). */
  readonly athenaBytesScannedLimitGb?: number;
}

/**
 * Stateful resources: the customer-managed KMS key and every table of schemas/tables.ts.
 * Everything here is retained when the stack is deleted; deploy it rarely.
 */
export class DataStack extends Stack {
  readonly key: kms.Key;
  readonly tables: Readonly<Record<TableId, HotlineTable>>;
  /** Call recordings bucket and the contact-record stream, with their key (F9, F10). */
  readonly callRecords: CallRecordStorage;
  /** Analytics bucket, Glue database and tables, Athena workgroup and named queries (F16). */
  readonly analytics: AnalyticsStorage;

  constructor(scope: Construct, id: string, props: DataStackProps = {}) {
    const { athenaBytesScannedLimitGb, ...stackProps } = props;
    super(scope, id, { description: 'Hotline data: KMS key and DynamoDB tables (retained)', ...stackProps });

    this.key = new kms.Key(this, 'DataKey', {
      description: `${this.stackName}: encrypts Hotline customer data (DynamoDB) and function logs`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs encrypts the functions' log groups with this key: only log groups of this
    // account and region, checked through the encryption context CloudWatch Logs always sends.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsForThisAccountsLogGroups',
        principals: [new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: [
          'kms:Encrypt',
          'kms:Decrypt',
          'kms:ReEncryptFrom',
          'kms:ReEncryptTo',
          'kms:GenerateDataKey',
          'kms:GenerateDataKeyWithoutPlaintext',
        ],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:*`,
          },
        },
      }),
    );

    const tables = {} as Record<TableId, HotlineTable>;
    for (const def of TABLES) {
      const t = new HotlineTable(this, def.id, { definition: def, encryptionKey: this.key });
      tables[def.id] = t;
      new CfnOutput(this, outputNameForEnvVar(def.envVar), {
        value: t.table.tableName,
        description: `DynamoDB table the functions read from ${def.envVar}`,
      });
    }
    this.tables = tables;
    this.callRecords = new CallRecordStorage(this, 'CallRecords');
    this.analytics = new AnalyticsStorage(this, 'Analytics', {
      key: this.key,
      accessLogs: this.callRecords.accessLogs,
      datasets: ANALYTICS_DATASETS,
      queries: NAMED_QUERIES,
      ...(athenaBytesScannedLimitGb === undefined ? {} : { bytesScannedLimitGb: athenaBytesScannedLimitGb }),
    });

    new CfnOutput(this, 'DataKeyArn', {
      value: this.key.keyArn,
      description: 'KMS key of the customer data',
    });
  }
}
