/**
 * The agent workspace stack: Cognito (groups, MFA), HTTP API (JWT authorizer on every route, throttling,
 * CORS for the app's origin only, access logs), the API function's least-privilege role, CloudFront with OAC
 * and security headers, the agent-workspace registration; cdk-nag clean.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { INSTANCE_ARN, type Synthesized, synth } from './support.js';

let s: Synthesized;
let t: Template;

// Synth bundles every function with esbuild: minutes on a loaded 2-core machine.
beforeAll(() => {
  s = synth({ instanceArn: INSTANCE_ARN });
  t = Template.fromStack(s.hotline.workspace);
}, 600_000);

describe('workspace stack', () => {
  it('has no unacknowledged cdk-nag finding', () => {
    expect(s.nag.filter((f) => f.path.includes('Workspace'))).toEqual([]);
  });

  it('runs erasure requests in a 15-minute worker behind a queue with a dead-letter queue (issue 17)', () => {
    const worker = Object.values(t.findResources('AWS::Lambda::Function')).find((f) =>
      String(f.Properties.Description).includes('erasure requests'),
    );
    expect(worker?.Properties.Timeout).toBe(900);
    // Every table of schemas/tables.ts is named to the worker.
    expect(Object.keys(worker?.Properties.Environment.Variables ?? {})).toEqual(
      expect.arrayContaining([
        'CRM_TABLE_NAME',
        'BOOKINGS_TABLE_NAME',
        'CAMPAIGNS_TABLE_NAME',
        'AUDIT_TABLE_NAME',
      ]),
    );
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    t.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 960,
      RedrivePolicy: Match.objectLike({ maxReceiveCount: 3 }),
    });
    const api = Object.values(t.findResources('AWS::Lambda::Function')).find((f) =>
      String(f.Properties.Description).includes('Agent workspace HTTP API'),
    );
    expect(Object.keys(api?.Properties.Environment.Variables ?? {})).toContain('ERASURE_QUEUE_URL');
  });

  it('creates the user pool with MFA and the three role groups', () => {
    t.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'ON' });
    for (const g of ['agent', 'supervisor', 'admin'])
      t.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: g });
    t.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      GenerateSecret: false,
    });
  });

  it('puts a JWT authorizer on every route, throttles the stage and admits only the app origin', () => {
    t.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: Match.objectLike({ Audience: Match.anyValue(), Issuer: Match.anyValue() }),
    });
    const routes = t.findResources('AWS::ApiGatewayV2::Route');
    expect(Object.keys(routes).length).toBeGreaterThan(0);
    for (const r of Object.values(routes)) expect(r.Properties.AuthorizationType).toBe('JWT');
    t.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 }),
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
    const api = Object.values(t.findResources('AWS::ApiGatewayV2::Api'))[0];
    const origins = api?.Properties.CorsConfiguration.AllowOrigins as unknown[];
    expect(origins).toHaveLength(1);
    expect(JSON.stringify(origins)).toContain('DomainName');
    expect(JSON.stringify(origins)).not.toContain('*');
  });

  it('serves the app through CloudFront with origin access control and a content security policy', () => {
    t.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    t.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          // A string, or an Fn::Join where the recordings bucket's name (account, region) is in it.
          ContentSecurityPolicy: Match.objectLike({ ContentSecurityPolicy: Match.anyValue() }),
          StrictTransportSecurity: Match.anyValue(),
          ContentTypeOptions: Match.anyValue(),
        }),
      }),
    });
    const policy = Object.values(t.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0];
    expect(
      JSON.stringify(
        policy?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy,
      ),
    ).toMatch(/frame-ancestors https:\/\/\*\.my\.connect\.aws/);
    t.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: Match.objectLike({
        BlockPublicAcls: true,
        RestrictPublicBuckets: true,
      }),
    });
  });

  it('registers the app in the Connect agent workspace and associates it with the instance', () => {
    t.hasResourceProperties('AWS::AppIntegrations::Application', {
      ApplicationSourceConfig: { ExternalUrlConfig: Match.objectLike({ AccessUrl: Match.anyValue() }) },
    });
    t.hasResourceProperties('AWS::Connect::IntegrationAssociation', {
      IntegrationType: 'APPLICATION',
      InstanceId: INSTANCE_ARN,
    });
  });

  it("gives the API function only its tables' items and named indexes", () => {
    const policies = t.findResources('AWS::IAM::Policy');
    const statements = Object.values(policies).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
    );
    const dynamo = statements.filter((st) => [st.Action].flat().some((a) => a.startsWith('dynamodb:')));
    expect(dynamo.length).toBeGreaterThan(0);
    for (const st of dynamo) {
      expect([st.Action].flat()).not.toContain('dynamodb:*');
      expect(JSON.stringify(st.Resource)).not.toContain('/index/*');
      expect(JSON.stringify(st.Resource)).not.toBe('"*"');
    }
  });

  it('runs agent performance in Athena with least privilege: the analytics workgroup, the query’s tables and prefixes', () => {
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          ATHENA_WORKGROUP: 'Hotline-Data-analytics',
          ANALYTICS_DATABASE: 'hotline_data_analytics',
        }),
      },
    });
    const statements = Object.values(t.findResources('AWS::IAM::Policy')).flatMap(
      (p) =>
        p.Properties.PolicyDocument.Statement as {
          Sid?: string;
          Action: string | string[];
          Resource: unknown;
          Condition?: unknown;
        }[],
    );
    const sid = (id: string) => {
      const st = statements.find((x) => x.Sid === id);
      if (!st) throw new Error(`no statement ${id}`);
      return { actions: [st.Action].flat(), resources: JSON.stringify(st.Resource), condition: st.Condition };
    };
    const athena = sid('PerformanceQueries');
    expect(athena.actions.sort()).toEqual([
      'athena:GetQueryExecution',
      'athena:GetQueryResults',
      'athena:StartQueryExecution',
      'athena:StopQueryExecution',
    ]);
    expect(athena.resources).toContain(':workgroup/Hotline-Data-analytics');
    const glue = sid('PerformanceCatalog');
    for (const d of ['contacts', 'surveys', 'evaluations'])
      expect(glue.resources).toContain(`:table/hotline_data_analytics/${d}`);
    expect(glue.resources).not.toContain('tickets');
    expect(sid('PerformanceData').resources).not.toContain('"*"');
    expect(sid('PerformanceListing').condition).toEqual({
      StringLike: { 's3:prefix': ['contacts/*', 'surveys/*', 'evaluations/*', 'athena-results/*'] },
    });
    expect(sid('PerformanceResults').resources).toContain('/athena-results/*');
    // Every action named, none a wildcard.
    for (const st of statements.filter((x) => x.Sid?.startsWith('Performance')))
      for (const a of [st.Action].flat()) expect(a).not.toMatch(/\*/);
  });

  it('plays recordings from presigned URLs of the recordings bucket: the CSP admits that bucket for media only', () => {
    const policy = Object.values(t.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0];
    const csp = JSON.stringify(
      policy?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy,
    );
    expect(csp).toMatch(/media-src 'self' blob: https:\/\/hotline-data-rec-/);
    expect(csp).toContain('.s3.');
    expect(csp).not.toMatch(/media-src[^;]*\*/);
  });

  it('gives the API the orders table for order entry', () => {
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ ORDERS_TABLE_NAME: Match.anyValue() }) },
    });
  });

  it("gives the API the campaigns table for the agent's disposition, with item actions only", () => {
    t.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('Agent workspace HTTP API'),
      Environment: { Variables: Match.objectLike({ CAMPAIGNS_TABLE_NAME: Match.anyValue() }) },
    });
    const fns = t.findResources('AWS::Lambda::Function');
    const api = Object.values(fns).find((f) =>
      String(f.Properties.Description).includes('Agent workspace HTTP API'),
    );
    const role = JSON.stringify(api?.Properties.Role['Fn::GetAtt'][0]);
    const campaignStatements = Object.values(t.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(role))
      .flatMap(
        (p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
      )
      .filter((st) => JSON.stringify(st.Resource).includes('Campaigns'));
    expect(campaignStatements.length).toBeGreaterThan(0);
    for (const st of campaignStatements)
      expect([st.Action].flat().sort()).toEqual([
        'dynamodb:ConditionCheckItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
      ]);
  });
});
