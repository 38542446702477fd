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
