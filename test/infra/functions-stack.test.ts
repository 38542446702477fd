import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_KEYS, IN_CALL_FUNCTIONS } from '../../functions/registry.js';
import { inCallConstructId, inCallTimeout } from '../../infra/stacks/functions-stack.js';
import { LOG_RETENTION_DAYS } from '../../schemas/config.js';
import { logicalId, type Synthesized, synth } from './support.js';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

describe('functions stack', () => {
  let s: Synthesized;
  let custom: Synthesized;
  beforeAll(() => {
    s = synth();
    custom = synth({
      profile: 'distribution',
      logRetentionDays: '30',
      lookupBudgetMs: '5000',
      phoneRegion: 'HK',
      stackPrefix: 'Acme',
    });
  });

  it('runs the caller lookup on Node.js 24, arm64, traced, 512 MB, 5 s', () => {
    const fn =
      s.functions.findResources('AWS::Lambda::Function')[
        logicalId(s.hotline.functions.callerLookup.function)
      ];
    expect(fn?.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      MemorySize: 512,
      Timeout: 5,
      Handler: 'index.handler',
    });
  });

  it('creates exactly the in-call functions of the registry, each with its entry settings and an output', () => {
    expect(Object.keys(s.hotline.functions.inCallFunctions)).toEqual([...FUNCTION_KEYS]);
    for (const def of IN_CALL_FUNCTIONS) {
      const fn = s.hotline.functions.inCallFunctions[def.key];
      expect(fn.node.id).toBe(inCallConstructId(def.key));
      s.functions.hasResourceProperties('AWS::Lambda::Function', {
        Description: def.description,
        Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: def.serviceName }) },
      });
      s.functions.hasOutput(`${inCallConstructId(def.key)}FunctionName`, {
        Value: { Ref: logicalId(fn.function) },
      });
    }
    expect(s.hotline.functions.callerLookup).toBe(s.hotline.functions.inCallFunctions.callerLookup);
  });

  it('sets the Powertools and lookup environment from config and profile', () => {
    const tableId = logicalId(s.hotline.data.tables.Crm.table);
    s.functions.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: 'caller-lookup',
          POWERTOOLS_METRICS_NAMESPACE: 'Hotline',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          CRM_TABLE_NAME: { 'Fn::ImportValue': Match.stringLikeRegexp(`^Hotline-Data:.*Ref${tableId}`) },
          HOTLINE_PROFILE: 'auto-dealer',
          PHONE_REGION: 'CN',
          LOOKUP_BUDGET_MS: '1500',
        },
      },
    });
  });

  it('takes overrides from context: profile, phone region, budget (and timeout), stack prefix', () => {
    expect(custom.hotline.functions.stackName).toBe('Acme-Functions');
    custom.functions.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 6,
      Environment: {
        Variables: Match.objectLike({
          HOTLINE_PROFILE: 'distribution',
          PHONE_REGION: 'HK',
          LOOKUP_BUDGET_MS: '5000',
        }),
      },
    });
  });

  it('keeps in-call timeouts within the 8 s Connect allows', () => {
    expect(inCallTimeout(200).toSeconds()).toBe(5);
    expect(inCallTimeout(1500).toSeconds()).toBe(5);
    expect(inCallTimeout(5000).toSeconds()).toBe(6);
    expect(inCallTimeout(7000).toSeconds()).toBe(8);
  });

  it('logs to its own KMS-encrypted, retained log group with the configured retention', () => {
    const fnLogGroup = logicalId(s.hotline.functions.callerLookup.logGroup);
    s.functions.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: fnLogGroup } },
    });
    s.functions.hasResource('AWS::Logs::LogGroup', {
      Properties: Match.objectLike({
        RetentionInDays: 365,
        KmsKeyId: { 'Fn::ImportValue': Match.anyValue() },
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    custom.functions.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('accepts every retention CloudWatch accepts', () => {
    const known = new Set(Object.values(RetentionDays).filter((v) => typeof v === 'number'));
    for (const days of LOG_RETENTION_DAYS) expect(known.has(days)).toBe(true);
  });

  it('gives each function its own role, with no managed policies', () => {
    const functions = Object.values(s.functions.findResources('AWS::Lambda::Function'));
    const roles = new Set(functions.map((f) => JSON.stringify(f.Properties.Role)));
    expect(roles.size).toBe(functions.length);
    for (const role of Object.values(s.functions.findResources('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('grants the caller lookup Query on the CRM table (its number’s partition), kms:Decrypt on the key and log writes, nothing more', () => {
    const role = logicalId(s.hotline.functions.callerLookup.role);
    const policies = Object.values(
      s.functions.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } }),
    );
    expect(policies).toHaveLength(1);
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
    const actions = statements.flatMap((st) => [st.Action].flat()).sort();
    expect(actions).toEqual(
      [
        'dynamodb:Query',
        'kms:Decrypt',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ].sort(),
    );
    expect(statements.every((st) => st.Effect === 'Allow')).toBe(true);
    const dynamo = statements.find((st) => st.Action === 'dynamodb:Query');
    const tableId = logicalId(s.hotline.data.tables.Crm.table);
    expect(JSON.stringify(dynamo?.Resource)).toMatch(new RegExp(`FnGetAtt${tableId}Arn`));
    const kms = statements.find((st) => st.Action === 'kms:Decrypt');
    expect(JSON.stringify(kms?.Resource)).toMatch(new RegExp(`FnGetAtt${logicalId(s.hotline.data.key)}Arn`));
  });

  it('uses Resource "*" only for X-Ray and, in its own policy, SMS to phone numbers', () => {
    // The IAM5[Resource::*] acknowledgements cover the whole DefaultPolicy and the SmsPublish policy; this keeps
    // them honest.
    for (const synthesized of [s, custom]) {
      const policies = Object.entries(synthesized.functions.findResources('AWS::IAM::Policy'));
      for (const [id, p] of policies) {
        const statements = p.Properties.PolicyDocument.Statement as Statement[];
        const wildcard = statements.filter((st) => [st.Resource].flat().includes('*'));
        for (const st of wildcard) {
          const sms = /SmsPublish/.test(id);
          for (const action of [st.Action].flat())
            expect(action).toMatch(sms ? /^sns:Publish$/ : /^xray:(PutTraceSegments|PutTelemetryRecords)$/);
        }
      }
    }
  });

  it('lets createTicket send SMS but publish to no topic, and only the escalation function publish to the topics', () => {
    const role = logicalId(s.hotline.functions.inCallFunctions.createTicket.role);
    const [sms] = Object.values(
      s.functions.findResources('AWS::IAM::Policy', {
        Properties: { Roles: [{ Ref: role }], PolicyName: Match.stringLikeRegexp('SmsPublish') },
      }),
    );
    expect(sms?.Properties.PolicyDocument.Statement).toEqual([
      { Sid: 'SmsToPhoneNumbers', Effect: 'Allow', Action: 'sns:Publish', Resource: '*' },
      {
        Sid: 'NoTopicsOrEndpoints',
        Effect: 'Deny',
        Action: 'sns:Publish',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:*:*:*']] },
      },
    ]);
    const escalation = s.hotline.functions.ticketEscalation;
    const topicPublishers = Object.values(s.functions.findResources('AWS::IAM::Policy'))
      .filter((p) =>
        (p.Properties.PolicyDocument.Statement as Statement[]).some(
          (st) => [st.Action].flat().includes('sns:Publish') && JSON.stringify(st.Resource).includes('Topic'),
        ),
      )
      .map((p) => JSON.stringify(p.Properties.Roles));
    expect(topicPublishers).toEqual([JSON.stringify([{ Ref: logicalId(escalation.function.role) }])]);
  });

  it('encrypts the escalation topics with the data key and refuses plain HTTP', () => {
    const topics = s.functions.findResources('AWS::SNS::Topic');
    expect(Object.keys(topics)).toHaveLength(2);
    for (const t of Object.values(topics)) expect(t.Properties.KmsMasterKeyId).toBeDefined();
    s.functions.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('runs the escalation every 5 minutes on the escalation index only', () => {
    const escalation = s.hotline.functions.ticketEscalation;
    s.functions.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(escalation.function.function), 'Arn'] } }),
      ],
    });
    const role = logicalId(escalation.function.role);
    const statements = Object.values(
      s.functions.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } }),
    ).flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
    const query = statements.find((st) => st.Action === 'dynamodb:Query');
    expect(JSON.stringify(query?.Resource)).toMatch(/\/index\/escalation"/);
    const actions = statements.flatMap((st) => [st.Action].flat()).sort();
    expect(actions).toEqual(
      [
        'dynamodb:PutItem',
        'dynamodb:Query',
        'kms:Decrypt',
        'kms:Encrypt',
        'kms:GenerateDataKey',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'sns:Publish',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ].sort(),
    );
  });
});

describe('functions stack, bundled for real', () => {
  let s: Synthesized;
  let bundle: string;
  beforeAll(() => {
    s = synth({}, { bundle: true });
    // The function's S3Key is `<asset hash>.zip`; the stack's asset manifest says where that asset is staged.
    const fn =
      s.functions.findResources('AWS::Lambda::Function')[
        logicalId(s.hotline.functions.callerLookup.function)
      ];
    const hash = String(fn?.Properties.Code.S3Key).replace(/\.zip$/, '');
    const manifest = JSON.parse(
      readFileSync(join(s.assembly.directory, `${s.hotline.functions.artifactId}.assets.json`), 'utf8'),
    ) as { files: Record<string, { source: { path: string } }> };
    const staged = manifest.files[hash]?.source.path;
    if (!staged) throw new Error(`no staged asset ${hash}`);
    bundle = join(s.assembly.directory, staged);
  }, 600_000);

  it("ships the workspace API as one bundle without jieba's native binding: Chinese search falls back to ICU", () => {
    // @node-rs/jieba is a native addon with one package per platform (see the README, "Knowledge base"): the
    // bundle keeps its require for run time, where it is missing, and functions/core/knowledge/tokenize.ts
    // uses Intl.Segmenter instead (test/unit/knowledge-icu.test.ts).
    const fns = Template.fromStack(s.hotline.workspace).findResources('AWS::Lambda::Function', {
      Properties: {
        Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'workspace-api' }) },
      },
    });
    const hash = String(Object.values(fns)[0]?.Properties.Code.S3Key).replace(/\.zip$/, '');
    const manifest = JSON.parse(
      readFileSync(join(s.assembly.directory, `${s.hotline.workspace.artifactId}.assets.json`), 'utf8'),
    ) as { files: Record<string, { source: { path: string } }> };
    const staged = manifest.files[hash]?.source.path;
    expect(staged, `the asset ${hash}`).toBeDefined();
    const dir = join(s.assembly.directory, staged ?? '');
    expect(readdirSync(dir).sort()).toEqual(['index.mjs', 'index.mjs.map']);
    const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
    expect(code).toContain('@node-rs/jieba');
    expect(code).toContain('Intl.Segmenter');
  });

  it("ships the hourly analytics export with its Parquet encoder's WebAssembly inside the bundle and its encoding thread's", () => {
    const fns = s.functions.findResources('AWS::Lambda::Function', {
      Properties: {
        Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'analytics-export' }) },
      },
    });
    const hash = String(Object.values(fns)[0]?.Properties.Code.S3Key).replace(/\.zip$/, '');
    const manifest = JSON.parse(
      readFileSync(join(s.assembly.directory, `${s.hotline.functions.artifactId}.assets.json`), 'utf8'),
    ) as { files: Record<string, { source: { path: string } }> };
    const staged = manifest.files[hash]?.source.path;
    expect(staged, `the asset ${hash}`).toBeDefined();
    const dir = join(s.assembly.directory, staged ?? '');
    // The handler and, beside it, the Parquet encoding thread's script (functions/adapters/s3/parquet-threads.ts).
    expect(readdirSync(dir).sort()).toEqual([
      'index.mjs',
      'index.mjs.map',
      'parquet-worker.mjs',
      'parquet-worker.mjs.map',
    ]);
    expect(readFileSync(join(dir, 'index.mjs'), 'utf8')).toContain('"AGFzbQ'); // base64 of "\0asm"
    expect(readFileSync(join(dir, 'parquet-worker.mjs'), 'utf8')).toContain('"AGFzbQ');
    // Two vCPUs (Lambda gives one per 1,769 MB): rows are taken apart on one while parts are encoded on the other.
    expect(Object.values(fns)[0]?.Properties.MemorySize).toBe(3538);
    // It loads from a directory with no node_modules above it (the encoder compiles the inlined bytes on first use;
    // test/unit/parquet-encoder-bundle.test.ts writes a file from a bundle built the same way).
    const alone = mkdtempSync(join(tmpdir(), 'hotline-export-bundle-'));
    try {
      copyFileSync(join(dir, 'index.mjs'), join(alone, 'index.mjs'));
      const stdout = execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(join(alone, 'index.mjs'))}); process.stdout.write(typeof m.handler);`,
        ],
        {
          cwd: alone,
          env: {
            PATH: process.env.PATH,
            POWERTOOLS_METRICS_DISABLED: 'true',
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          },
          encoding: 'utf8',
          timeout: 30_000,
        },
      );
      expect(stdout).toBe('function');
    } finally {
      rmSync(alone, { recursive: true, force: true });
    }
  });

  it('bundles the handler as ESM with a source map and the require shim', () => {
    const code = readFileSync(join(bundle, 'index.mjs'), 'utf8');
    expect(code.startsWith('import { createRequire as __hotlineCreateRequire }')).toBe(true);
    expect(existsSync(join(bundle, 'index.mjs.map'))).toBe(true);
  });

  it('loads in plain Node and answers a malformed event with the safe default', () => {
    // The bundle runs without the repository: every dependency (AWS SDK included) is inside it.
    const script = `
      const { handler } = await import(${JSON.stringify(join(bundle, 'index.mjs'))});
      const context = { functionName: 'caller-lookup', awsRequestId: 'test', getRemainingTimeInMillis: () => 5000 };
      const out = await handler({}, context);
      process.stdout.write(JSON.stringify(out));
    `;
    const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: bundle,
      env: {
        PATH: process.env.PATH,
        CRM_TABLE_NAME: 'unused',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        POWERTOOLS_METRICS_DISABLED: 'true',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', // Node 20 here; Lambda runs 24
      },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(JSON.parse(stdout)).toMatchObject({ lookupStatus: 'degraded' });
  });
});
