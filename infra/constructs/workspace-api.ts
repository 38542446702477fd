/**
 * The agent workspace's HTTP API in AWS: a Cognito user pool (groups agent, supervisor, admin; MFA; a public
 * SPA client with the authorization-code grant and PKCE), API Gateway HTTP API with a JWT authorizer on that
 * pool, throttling, access logs and CORS for the workspace's origin only, and the one Lambda that serves the
 * router (functions/api/handler.ts) with least-privilege access to the tables.
 */
import { Aws, CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { leadSettingsOf } from '../../contact-flows/profiles/leads.js';
import { ROLES } from '../../schemas/api.js';
import type { Profile } from '../../schemas/profile.js';
import {
  AUDIT_TABLE,
  CAMPAIGNS_TABLE,
  CONTACTS_TABLE,
  CRM_TABLE,
  KNOWLEDGE_TABLE,
  LEADS_TABLE,
  ORDERS_TABLE,
  SMS_TABLE,
  TICKETS_TABLE,
} from '../../schemas/tables.js';
import { HotlineFunction } from './hotline-function.js';
import { allowSmsPublish, grantDataKey } from './ticketing.js';

export interface WorkspaceTables {
  readonly crm: dynamodb.ITable;
  readonly tickets: dynamodb.ITable;
  readonly sms: dynamodb.ITable;
  readonly contacts: dynamodb.ITable;
  readonly knowledge: dynamodb.ITable;
  readonly audit: dynamodb.ITable;
  /** The order centre's table (order entry): where the profile takes orders. */
  readonly orders?: dynamodb.ITable;
  /** Outbound campaigns: the agent records a campaign call's disposition (functions/api/routes/campaigns.ts). */
  readonly campaigns?: dynamodb.ITable;
  /** The outsourcer's leads, which a telesales disposition moves along (where the profile captures leads). */
  readonly leads?: dynamodb.ITable;
}

export interface WorkspaceApiProps {
  readonly profile: Profile;
  readonly phoneRegion: string;
  /** The ordering periods' time zone (order entry). @default Asia/Shanghai */
  readonly timeZone?: string;
  readonly tables: WorkspaceTables;
  readonly dataKey: kms.IKey;
  /** The workspace's origin (https://<distribution domain>): CORS and the sign-in callback. */
  readonly appOrigin: string;
  readonly logRetention: logs.RetentionDays;
  /** Steady-state requests per second and burst for the whole API. @default 50 / 100 */
  readonly throttle?: { rateLimit: number; burstLimit: number };
}

export class WorkspaceApi extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly handler: HotlineFunction;

  constructor(scope: Construct, id: string, props: WorkspaceApiProps) {
    super(scope, id);
    const { tables } = props;
    // A telesales disposition moves a lead: where the profile captures leads.
    const leads = tables.campaigns && leadSettingsOf(props.profile.id) ? tables.leads : undefined;

    // ---- users ----
    this.userPool = new cognito.UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { sms: false, otp: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of ROLES)
      new cognito.CfnUserPoolGroup(this, `Group${role[0]?.toUpperCase()}${role.slice(1)}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: `Hotline workspace role ${role}`,
        precedence: ROLES.length - ROLES.indexOf(role),
      });
    this.domain = this.userPool.addDomain('SignIn', {
      cognitoDomain: { domainPrefix: `hotline-ws-${Aws.ACCOUNT_ID}` },
    });
    this.client = this.userPool.addClient('Workspace', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [`${props.appOrigin}/`],
        logoutUrls: [`${props.appOrigin}/`],
      },
      accessTokenValidity: Duration.hours(8),
      idTokenValidity: Duration.hours(8),
      refreshTokenValidity: Duration.days(1),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
    });

    // ---- the function ----
    this.handler = new HotlineFunction(this, 'Handler', {
      entry: 'functions/api/handler.ts',
      serviceName: 'workspace-api',
      description: 'Agent workspace HTTP API (one router for every route)',
      // Most routes answer in milliseconds; agent performance in AWS waits for Athena (its budget is 24 s), and API
      // Gateway's HTTP API gives up on an integration at 30 s.
      timeout: Duration.seconds(28),
      memorySize: 1024,
      logRetention: props.logRetention,
      logEncryptionKey: props.dataKey,
      environment: {
        [CRM_TABLE.envVar]: tables.crm.tableName,
        [TICKETS_TABLE.envVar]: tables.tickets.tableName,
        [SMS_TABLE.envVar]: tables.sms.tableName,
        [CONTACTS_TABLE.envVar]: tables.contacts.tableName,
        [KNOWLEDGE_TABLE.envVar]: tables.knowledge.tableName,
        [AUDIT_TABLE.envVar]: tables.audit.tableName,
        ...(tables.orders
          ? {
              [ORDERS_TABLE.envVar]: tables.orders.tableName,
              ORDER_TIME_ZONE: props.timeZone ?? 'Asia/Shanghai',
            }
          : {}),
        ...(tables.campaigns ? { [CAMPAIGNS_TABLE.envVar]: tables.campaigns.tableName } : {}),
        ...(leads ? { [LEADS_TABLE.envVar]: leads.tableName } : {}),
        HOTLINE_PROFILE: props.profile.id,
        PHONE_REGION: props.phoneRegion,
        TICKET_BUDGET_MS: '7000',
        USER_POOL_ID: this.userPool.userPoolId,
        USER_POOL_CLIENT_ID: this.client.userPoolClientId,
      },
    });
    const allow = (actions: string[], resources: string[]) =>
      this.handler.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources }));
    const items = [
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:ConditionCheckItem',
    ];
    allow([...items, 'dynamodb:BatchGetItem', 'dynamodb:Query'], [tables.crm.tableArn]);
    allow([...items, 'dynamodb:Query'], [tables.tickets.tableArn]);
    allow(
      ['dynamodb:Query'],
      [`${tables.tickets.tableArn}/index/customer`, `${tables.tickets.tableArn}/index/day`],
    );
    allow(items, [tables.sms.tableArn]);
    allow(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'], [tables.contacts.tableArn]);
    allow(['dynamodb:Query'], [`${tables.contacts.tableArn}/index/byCaller`]);
    allow([...items, 'dynamodb:Query'], [tables.knowledge.tableArn]);
    allow(['dynamodb:Query'], [`${tables.knowledge.tableArn}/index/current`]);
    // The audit log (Put, Query by day) and the erasure requests kept beside it (Get, Update: functions/api/routes/privacy.ts).
    allow(
      ['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:UpdateItem'],
      [tables.audit.tableArn],
    );
    if (tables.orders) {
      // Order entry: the period's supply (Query on the table), line data (BatchGetItem), the placement
      // transaction's item actions, the retailer's orders (the `customer` index).
      allow([...items, 'dynamodb:BatchGetItem', 'dynamodb:Query'], [tables.orders.tableArn]);
      allow(['dynamodb:Query'], [`${tables.orders.tableArn}/index/customer`]);
    }
    if (tables.campaigns) {
      // The agent's disposition: the campaign, its entry and last attempt (Get), the attempt and the entry in one
      // transaction, the effect (Update) and the campaign's do-not-call list (Get, Put); the tickets it feeds are
      // above. A telesales disposition moves the lead (Get, Put), as the dialler does.
      allow(items, [tables.campaigns.tableArn]);
      if (leads) allow(['dynamodb:GetItem', 'dynamodb:PutItem'], [leads.tableArn]);
    }
    grantDataKey(this.handler, props.dataKey);
    allowSmsPublish(this.handler);

    // ---- the HTTP API ----
    const authorizer = new HttpJwtAuthorizer(
      'Cognito',
      `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`,
      { jwtAudience: [this.client.userPoolClientId] },
    );
    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'Hotline agent workspace API',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [props.appOrigin],
        allowMethods: [
          apigw.CorsHttpMethod.GET,
          apigw.CorsHttpMethod.POST,
          apigw.CorsHttpMethod.PUT,
          apigw.CorsHttpMethod.PATCH,
        ],
        allowHeaders: ['authorization', 'content-type'],
        maxAge: Duration.hours(1),
      },
    });
    this.api.addRoutes({
      path: '/api/{proxy+}',
      methods: [
        apigw.HttpMethod.GET,
        apigw.HttpMethod.POST,
        apigw.HttpMethod.PUT,
        apigw.HttpMethod.PATCH,
        apigw.HttpMethod.DELETE,
      ],
      integration: new HttpLambdaIntegration('Router', this.handler.function),
      authorizer,
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      encryptionKey: props.dataKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const throttle = props.throttle ?? { rateLimit: 50, burstLimit: 100 };
    this.stage = new apigw.HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            method: '$context.httpMethod',
            path: '$context.path',
            status: '$context.status',
            user: '$context.authorizer.claims.username',
            latencyMs: '$context.responseLatency',
            error: '$context.authorizer.error',
          }),
        ),
      },
    });
    const cfnStage = this.stage.node.defaultChild as apigw.CfnStage;
    cfnStage.defaultRouteSettings = {
      throttlingRateLimit: throttle.rateLimit,
      throttlingBurstLimit: throttle.burstLimit,
      detailedMetricsEnabled: true,
    };

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint, description: 'Workspace HTTP API' });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.client.userPoolClientId });
  }
}
