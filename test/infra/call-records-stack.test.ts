import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { INSTANCE_ARN, type Synthesized, synth } from './support.js';

describe('call records, recordings and transcripts (F8–F10) in CDK', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth({ instanceArn: INSTANCE_ARN, profile: 'auto-dealer' });
  });

  it('keeps recordings in a KMS-encrypted, private, TLS-only, logged bucket with a lifecycle, retained', () => {
    s.data.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            Match.objectLike({
              ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }),
            }),
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'recordings/' }),
        NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
        LifecycleConfiguration: {
          Rules: [
            Match.objectLike({
              ExpirationInDays: 730,
              Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 90 }],
            }),
          ],
        },
      }),
      DeletionPolicy: 'Retain',
    });
    s.data.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      }),
    });
  });

  it('streams contact records to a KMS-encrypted Kinesis stream and points the instance at both', () => {
    s.data.hasResourceProperties('AWS::Kinesis::Stream', {
      StreamEncryption: Match.objectLike({ EncryptionType: 'KMS' }),
    });
    s.connect.hasResourceProperties('AWS::Connect::InstanceStorageConfig', {
      InstanceArn: INSTANCE_ARN,
      ResourceType: 'CONTACT_TRACE_RECORDS',
      StorageType: 'KINESIS_STREAM',
    });
    s.connect.hasResourceProperties('AWS::Connect::InstanceStorageConfig', {
      ResourceType: 'CALL_RECORDINGS',
      StorageType: 'S3',
      S3Config: Match.objectLike({
        BucketPrefix: 'connect/hotline/CallRecordings',
        EncryptionConfig: Match.objectLike({ EncryptionType: 'KMS' }),
      }),
    });
  });

  it('ingests with partial batch failures, bisecting, and a dead-letter queue on failure', () => {
    s.functions.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    s.functions.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
  });

  it('lets ingestion batch-write and batch-read the Contacts and CRM tables, and nothing else there', () => {
    // The ingest function is the one the Kinesis event-source mapping invokes; its role's statements on tables.
    const mapping = Object.values(s.functions.findResources('AWS::Lambda::EventSourceMapping'))[0] as {
      Properties: { FunctionName: { Ref: string } };
    };
    const fn = s.functions.findResources('AWS::Lambda::Function')[mapping.Properties.FunctionName.Ref] as {
      Properties: { Role: { 'Fn::GetAtt': [string, string] } };
    };
    const role = fn.Properties.Role['Fn::GetAtt'][0];
    const statements = Object.values(s.functions.findResources('AWS::IAM::Policy'))
      .filter((p) =>
        (p as { Properties: { Roles: { Ref: string }[] } }).Properties.Roles.some((r) => r.Ref === role),
      )
      .flatMap(
        (p) =>
          (p as { Properties: { PolicyDocument: { Statement: { Action: string | string[] }[] } } }).Properties
            .PolicyDocument.Statement,
      );
    const dynamo = statements
      .map((st) => [st.Action].flat().filter((a) => a.startsWith('dynamodb:')))
      .filter((a) => a.length > 0);
    expect(dynamo).toEqual([
      ['dynamodb:BatchWriteItem', 'dynamodb:BatchGetItem'],
      ['dynamodb:BatchWriteItem', 'dynamodb:BatchGetItem'],
    ]);
  });

  it('routes Object Created and Transcribe job state changes through EventBridge', () => {
    s.functions.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ source: ['aws.s3'], 'detail-type': ['Object Created'] }),
    });
    s.functions.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({
        source: ['aws.transcribe'],
        detail: Match.objectLike({ TranscriptionJobStatus: ['COMPLETED', 'FAILED'] }),
      }),
    });
  });

  it('adds the survey flow and its Lambda', () => {
    const names = Object.values(s.connect.findResources('AWS::Connect::ContactFlow')).map(
      (r) => (r as { Properties: { Name: string } }).Properties.Name,
    );
    expect(names).toContain('Hotline auto-dealer survey');
    s.functions.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'survey' }) },
    });
  });

  it('leaves no unacknowledged cdk-nag finding on the call-record resources', () => {
    expect(s.nag.filter((f) => /CallRecords|RecordSurvey|SurveyFlow|StorageConfig/.test(f.path))).toEqual([]);
  });
});
