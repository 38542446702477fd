import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/hotline-app.js';
import { INSTANCE_ARN, type Synthesized, synth, synthApp, TEST_CONTEXT } from './support.js';

// Each profile's cdk-nag check runs in connect-stack.test.ts (one synth per profile);
// here: the existing-instance variant, a clean synth, and proof the check can fail.

describe('cdk-nag AwsSolutions', () => {
  let withArn: Synthesized;
  beforeAll(() => {
    withArn = synth({ instanceArn: INSTANCE_ARN, profile: 'logistics' });
  });

  it('has no unacknowledged finding with an existing instance', () => {
    expect(withArn.nag).toEqual([]);
  });

  it('leaves no warning or error annotation on any stack', () => {
    for (const stack of [withArn.hotline.data, withArn.hotline.functions, withArn.hotline.connect]) {
      const annotations = Annotations.fromStack(stack);
      expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
      expect(annotations.findError('*', Match.anyValue())).toEqual([]);
    }
  });

  it('reports a violation (the check is live): a key without rotation', () => {
    const hotline = buildApp(TEST_CONTEXT);
    new kms.Key(hotline.data, 'UnrotatedKey', { enableKeyRotation: false });
    const { nag } = synthApp(hotline);
    expect(nag).toContainEqual({
      rule: 'AwsSolutions-KMS5',
      severity: 'error',
      path: 'Hotline-Data/UnrotatedKey/Resource',
    });
  });

  it('reports a wildcard outside the acknowledged X-Ray statement', () => {
    const hotline = buildApp(TEST_CONTEXT);
    const extra = new iam.Policy(hotline.functions, 'TooBroad', {
      statements: [new iam.PolicyStatement({ actions: ['dynamodb:*'], resources: ['*'] })],
    });
    extra.attachToRole(hotline.functions.callerLookup.role);
    const { nag } = synthApp(hotline);
    expect(nag.map((f) => f.rule)).toEqual(
      expect.arrayContaining(['AwsSolutions-IAM5[Action::dynamodb:*]', 'AwsSolutions-IAM5[Resource::*]']),
    );
  });
});
