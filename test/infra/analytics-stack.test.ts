import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { NAMED_QUERIES } from '../../functions/core/analytics/queries.js';
import { ConfigError } from '../../infra/config.js';
import { buildApp } from '../../infra/hotline-app.js';
import { ANALYTICS_DATASETS, GLUE_TYPES } from '../../schemas/analytics.js';
import { defined, INSTANCE_ARN, logicalId, type Synthesized, synth, TEST_CONTEXT } from './support.js';

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };

describe('analytics (F16) in CDK: Glue, Athena, Firehose', () => {
  let s: Synthesized;
  let glueTables: Record<string, Resource>;
  beforeAll(() => {
    s = synth({ instanceArn: INSTANCE_ARN, profile: 'auto-dealer' });
    glueTables = s.data.findResources('AWS::Glue::Table') as Record<string, Resource>;
  });

  const tableInput = (name: string) => {
    const found = Object.values(glueTables)
      .map((r) => r.Properties.TableInput as Record<string, unknown>)
      .filter((t) => t.Name === name);
    expect(found, `one Glue table ${name}`).toHaveLength(1);
    return found[0] as {
      Name: string;
      TableType: string;
      Parameters: Record<string, unknown>;
      PartitionKeys: { Name: string; Type: string }[];
      StorageDescriptor: {
        Columns: { Name: string; Type: string }[];
        SerdeInfo: { SerializationLibrary: string };
        InputFormat: string;
        OutputFormat: string;
      };
    };
  };

  it('keeps the analytics data in a KMS (data key), private, TLS-only, logged, retained bucket', () => {
    const dataKey = logicalId(s.hotline.data.key);
    s.data.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            Match.objectLike({
              ServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: { 'Fn::GetAtt': [dataKey, 'Arn'] },
              },
            }),
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'analytics/' }),
      }),
      DeletionPolicy: 'Retain',
    });
  });

  it('declares one Glue database and exactly the datasets of schemas/analytics.ts', () => {
    s.data.resourceCountIs('AWS::Glue::Database', 1);
    s.data.hasResourceProperties('AWS::Glue::Database', {
      DatabaseInput: Match.objectLike({ Name: 'hotline_data_analytics' }),
    });
    expect(
      Object.values(glueTables)
        .map((r) => (r.Properties.TableInput as { Name: string }).Name)
        .sort(),
    ).toEqual(ANALYTICS_DATASETS.map((d) => d.name).sort());
  });

  it.each(ANALYTICS_DATASETS.map((d) => [d.name, d] as const))(
    'Glue table %s: the schema columns in order, Parquet, partition projection on dt',
    (name, ds) => {
      const t = tableInput(name);
      expect(t.TableType).toBe('EXTERNAL_TABLE');
      expect(t.StorageDescriptor.Columns.map((c) => ({ Name: c.Name, Type: c.Type }))).toEqual(
        ds.columns.map((c) => ({ Name: c.name, Type: GLUE_TYPES[c.type] })),
      );
      expect(t.PartitionKeys).toEqual([
        expect.objectContaining({ Name: ds.partitionColumn, Type: 'string' }),
      ]);
      expect(t.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe(
        'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
      );
      expect(t.StorageDescriptor.InputFormat).toBe(
        'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
      );
      expect(t.Parameters).toMatchObject({
        'projection.enabled': 'true',
        'projection.dt.type': 'date',
        'projection.dt.format': 'yyyy-MM-dd',
        'projection.dt.range': '2024-01-01,NOW',
      });
      // s3://<bucket>/<dataset>/dt=${dt}/ (the bucket name is a token: Fn::Join).
      const template = JSON.stringify(t.Parameters['storage.location.template']);
      expect(template).toContain(`/${name}/dt=\${dt}/`);
    },
  );

  it('has an Athena workgroup (engine v3) that enforces KMS-encrypted results and a 10 GB scan limit', () => {
    s.data.hasResourceProperties('AWS::Athena::WorkGroup', {
      State: 'ENABLED',
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 10 * 1024 ** 3,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        ResultConfiguration: Match.objectLike({
          EncryptionConfiguration: {
            EncryptionOption: 'SSE_KMS',
            KmsKey: { 'Fn::GetAtt': [logicalId(s.hotline.data.key), 'Arn'] },
          },
          OutputLocation: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
        }),
      }),
    });
    const wg = s.data.findResources('AWS::Athena::WorkGroup');
    const output = JSON.stringify(Object.values(wg)[0]);
    expect(output).toContain('/athena-results/');
  });

  it('takes the scan limit from -c athenaBytesScannedLimitGb, and rejects a bad one', () => {
    const small = synth({ instanceArn: INSTANCE_ARN, athenaBytesScannedLimitGb: '2' });
    small.data.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: Match.objectLike({ BytesScannedCutoffPerQuery: 2 * 1024 ** 3 }),
    });
    expect(() => buildApp({ ...TEST_CONTEXT, athenaBytesScannedLimitGb: '0' })).toThrow(ConfigError);
    expect(() => buildApp({ ...TEST_CONTEXT, athenaBytesScannedLimitGb: 'lots' })).toThrow(
      /athenaBytesScannedLimitGb/,
    );
  });

  it('has one named query per NAMED_QUERIES entry, with the identical SQL, on the workgroup and database', () => {
    const queries = Object.values(s.data.findResources('AWS::Athena::NamedQuery')) as Resource[];
    expect(queries).toHaveLength(NAMED_QUERIES.length);
    const wg = Object.keys(s.data.findResources('AWS::Athena::WorkGroup'))[0];
    for (const q of NAMED_QUERIES) {
      const found = queries.filter((r) => r.Properties.Name === q.name);
      expect(found, q.key).toHaveLength(1);
      expect(found[0]?.Properties).toMatchObject({
        QueryString: q.sql,
        Database: 'hotline_data_analytics',
        WorkGroup: { Ref: wg },
      });
    }
  });

  it('delivers contact records with Firehose from the CTR stream, as Parquet per the Glue contacts table', () => {
    const dataKeyExport = Match.objectLike({ 'Fn::ImportValue': Match.anyValue() });
    s.functions.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamType: 'KinesisStreamAsSource',
      KinesisStreamSourceConfiguration: Match.objectLike({ KinesisStreamARN: Match.anyValue() }),
      ExtendedS3DestinationConfiguration: Match.objectLike({
        Prefix: 'contacts/dt=!{partitionKeyFromLambda:dt}/',
        ErrorOutputPrefix: Match.stringLikeRegexp('^errors/contacts/!\\{firehose:error-output-type\\}/'),
        CompressionFormat: 'UNCOMPRESSED',
        EncryptionConfiguration: { KMSEncryptionConfig: { AWSKMSKeyARN: dataKeyExport } },
        DynamicPartitioningConfiguration: Match.objectLike({ Enabled: true }),
        ProcessingConfiguration: Match.objectLike({
          Enabled: true,
          Processors: [Match.objectLike({ Type: 'Lambda' })],
        }),
        DataFormatConversionConfiguration: {
          Enabled: true,
          InputFormatConfiguration: { Deserializer: { HiveJsonSerDe: { TimestampFormats: ['millis'] } } },
          OutputFormatConfiguration: { Serializer: { ParquetSerDe: { Compression: 'SNAPPY' } } },
          SchemaConfiguration: Match.objectLike({
            DatabaseName: 'hotline_data_analytics',
            TableName: 'contacts',
            VersionId: 'LATEST',
          }),
        },
      }),
    });
  });

  it('gives Firehose a role with only what it uses: the stream, two prefixes, the key, the schema, the Lambda', () => {
    const roleId = logicalId(s.hotline.functions.analytics.role);
    const policies = Object.values(s.functions.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify((p as Resource).Properties.Roles).includes(roleId),
    ) as Resource[];
    expect(policies).toHaveLength(1);
    const statements = (
      defined(policies[0], 'the Firehose role policy').Properties.PolicyDocument as {
        Statement: { Action: string | string[]; Resource: unknown }[];
      }
    ).Statement;
    const actions = statements.flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action])).sort();
    expect(actions).toEqual(
      [
        'glue:GetTable',
        'glue:GetTableVersion',
        'glue:GetTableVersions',
        'kinesis:DescribeStream',
        'kinesis:GetRecords',
        'kinesis:GetShardIterator',
        'kinesis:ListShards',
        'kms:Decrypt',
        'kms:Decrypt',
        'kms:GenerateDataKey',
        'lambda:GetFunctionConfiguration',
        'lambda:InvokeFunction',
        'logs:PutLogEvents',
        's3:AbortMultipartUpload',
        's3:GetBucketLocation',
        's3:GetObject',
        's3:ListBucket',
        's3:ListBucketMultipartUploads',
        's3:PutObject',
      ].sort(),
    );
    expect(JSON.stringify(statements)).not.toContain('"*"');
    expect(actions.some((a) => a.endsWith('*'))).toBe(false);
  });

  it('exports tickets, surveys, QA evaluations, bookings, leads, pickups and orders every hour with a Lambda that may only scan its tables, query the orders table and put the scheduled prefixes', () => {
    const fn = s.hotline.functions.analyticsExport.function;
    s.functions.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(fn.function), 'Arn'] } })],
    });
    s.functions.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          ANALYTICS_BUCKET: Match.anyValue(),
          TICKETS_TABLE_NAME: Match.anyValue(),
          CONTACTS_TABLE_NAME: Match.anyValue(),
          SUPERVISION_TABLE_NAME: Match.anyValue(),
          ORDERS_TABLE_NAME: Match.anyValue(),
          CRM_TABLE_NAME: Match.anyValue(),
          BOOKINGS_TABLE_NAME: Match.anyValue(),
          LEADS_TABLE_NAME: Match.anyValue(),
          PICKUPS_TABLE_NAME: Match.anyValue(),
          ORDER_TIME_ZONE: Match.anyValue(),
          CAMPAIGNS_TABLE_NAME: Match.anyValue(),
        }),
      },
      Timeout: 900,
    });
    const roleId = logicalId(fn.role);
    const policy = defined(
      Object.values(s.functions.findResources('AWS::IAM::Policy')).find((p) =>
        JSON.stringify((p as Resource).Properties.Roles).includes(roleId),
      ) as Resource | undefined,
      'the export role policy',
    );
    const statements = (
      policy.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }
    ).Statement;
    const put = statements.find((st) => JSON.stringify(st.Action).includes('s3:PutObject'));
    // The parts a previous run left beyond this run's are deleted; they are listed under the datasets' prefixes only.
    expect(put?.Action).toEqual(['s3:PutObject', 's3:DeleteObject']);
    const list = statements.find((st) => st.Action === 's3:ListBucket') as
      | { Condition?: { StringLike?: Record<string, string[]> } }
      | undefined;
    expect(list?.Condition?.StringLike?.['s3:prefix']).toContain('surveys/*');
    expect(JSON.stringify(put?.Resource)).toMatch(/\/tickets\/\*.*\/surveys\/\*.*\/evaluations\/\*/);
    expect(JSON.stringify(put?.Resource)).toMatch(/\/bookings\/\*.*\/leads\/\*.*\/pickups\/\*/);
    expect(JSON.stringify(put?.Resource)).toMatch(/\/orders\/\*.*\/order_supply\/\*.*\/order_positions\/\*/);
    expect(JSON.stringify(put?.Resource)).toMatch(/\/campaign_attempts\/\*/);
    const scan = statements.find((st) => st.Action === 'dynamodb:Scan');
    for (const table of ['Supervision', 'Bookings', 'Leads', 'Pickups', 'Campaigns'])
      expect(JSON.stringify(scan?.Resource)).toContain(table);
    expect(scan?.Resource).toHaveLength(9);
    const query = statements.find((st) => st.Action === 'dynamodb:Query');
    // The Orders table itself (a period's totals by key), no index.
    expect(JSON.stringify(query?.Resource)).not.toContain('index');
    const actions = statements.flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
    expect(
      actions.filter((a) => String(a).startsWith('s3:') || String(a).startsWith('dynamodb:')).sort(),
    ).toEqual(['dynamodb:Query', 'dynamodb:Scan', 's3:DeleteObject', 's3:ListBucket', 's3:PutObject']);
  });

  it('keeps cdk-nag at zero unacknowledged findings with the analytics resources', () => {
    expect(s.nag).toEqual([]);
  });
});
