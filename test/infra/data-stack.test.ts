import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { outputNameForEnvVar } from '../../infra/stacks/data-stack.js';
import { TABLES } from '../../schemas/tables.js';
import { logicalId, type Synthesized, synth } from './support.js';

describe('data stack', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth();
  });

  it('is named after the stack prefix', () => {
    expect(s.hotline.data.stackName).toBe('Hotline-Data');
  });

  it('has customer-managed KMS keys (data; recordings and CTR stream) with rotation on, retained', () => {
    s.data.resourceCountIs('AWS::KMS::Key', 2);
    s.data.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ EnableKeyRotation: true }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('lets CloudWatch Logs use the key only for log groups of this account and region', () => {
    s.data.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'CloudWatchLogsForThisAccountsLogGroups',
            Principal: { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
            Condition: {
              ArnLike: {
                'kms:EncryptionContext:aws:logs:arn': {
                  'Fn::Join': [
                    '',
                    [
                      'arn:',
                      { Ref: 'AWS::Partition' },
                      ':logs:',
                      { Ref: 'AWS::Region' },
                      ':',
                      { Ref: 'AWS::AccountId' },
                      ':log-group:*',
                    ],
                  ],
                },
              },
            },
          }),
        ]),
      },
    });
  });

  it('creates every table of schemas/tables.ts', () => {
    s.data.resourceCountIs('AWS::DynamoDB::Table', TABLES.length);
  });

  it('encrypts the CRM table with the CMK, on demand, with PITR and deletion protection, retained', () => {
    const keyId = logicalId(s.hotline.data.key);
    s.data.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        SSESpecification: {
          SSEEnabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
        },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('outputs each table name under its environment variable (CrmTableName)', () => {
    expect(outputNameForEnvVar('CRM_TABLE_NAME')).toBe('CrmTableName');
    for (const def of TABLES) {
      const tableId = logicalId(s.hotline.data.tables[def.id].table);
      s.data.hasOutput(outputNameForEnvVar(def.envVar), { Value: { Ref: tableId } });
    }
  });
});
