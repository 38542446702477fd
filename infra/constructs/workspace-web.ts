/**
 * The agent workspace's web app in AWS: a private S3 bucket (TLS only, access logs, no public access) behind
 * CloudFront with origin access control, security headers and a content security policy that lets only the
 * API and the sign-in domain be reached and only Amazon Connect's agent workspace frame the app. The built
 * app (web/dist) and its config.json (API URL, user pool client) are deployed into the bucket.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { REPO_ROOT } from './hotline-function.js';

/** Where Amazon Connect's agent workspace runs: the only pages that may frame the app. */
export const CONNECT_WORKSPACE_ORIGINS = ['https://*.my.connect.aws', 'https://*.awsapps.com'];

export const WEB_DIST = join(REPO_ROOT, 'web', 'dist');

export function workspaceCsp(connectSrc: readonly string[], mediaSrc: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // The supervisor console plays a call's recording from a blob: URL (fetched with the bearer token) locally,
    // and in AWS from a presigned URL of the recordings bucket (`mediaSrc`).
    `media-src 'self' blob:${mediaSrc.map((m) => ` ${m}`).join('')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${connectSrc.join(' ')}`,
    `frame-ancestors ${CONNECT_WORKSPACE_ORIGINS.join(' ')}`,
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

const COPY =
  "CDK's BucketDeployment function copies the app from the CDK asset bucket into the site bucket and " +
  'invalidates the distribution; ';
const DEPLOYMENT_ACKS: readonly [string, string][] = [
  ['AwsSolutions-L1', `${COPY}its runtime is chosen by aws-cdk-lib and moves with it.`],
  [
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    `${COPY}the managed policy only lets it write its own logs.`,
  ],
  ...['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*'].map(
    (a): [string, string] => [
      `AwsSolutions-IAM5[Action::${a}]`,
      `${COPY}CDK grants these S3 action groups on the two buckets only.`,
    ],
  ),
  [
    'AwsSolutions-IAM5[Resource::*]',
    `${COPY}cloudfront:CreateInvalidation and GetInvalidation support no resource-level permissions.`,
  ],
  [
    'AwsSolutions-IAM5[Resource::<WebSiteD504717C.Arn>/*]',
    `${COPY}it writes every object of the site bucket.`,
  ],
  [
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
    `${COPY}it reads the build from the CDK bootstrap asset bucket.`,
  ],
];

export class WorkspaceWeb extends Construct {
  readonly bucket: s3.Bucket;
  readonly logs: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** https://<distribution domain> */
  readonly origin: string;

  constructor(scope: Construct, id: string, props: { readonly mediaSrc?: readonly string[] } = {}) {
    super(scope, id);
    this.logs = new s3.Bucket(this, 'Logs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the access-log bucket of the workspace bucket and distribution; it does not log itself.',
    });
    this.bucket = new s3.Bucket(this, 'Site', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: 'site/',
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'Headers', {
      comment: 'Hotline workspace security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          // The API and sign-in endpoints are added by the stack (they are tokens here).
          contentSecurityPolicy: workspaceCsp(
            ['https://*.execute-api.amazonaws.com', 'https://*.amazoncognito.com'],
            props.mediaSrc,
          ),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.SAME_ORIGIN, override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Hotline agent workspace',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      },
      // The app routes with #hashes; a missing object is the app's own "not found".
      errorResponses: [
        {
          httpStatus: 404,
          responseHttpStatus: 200,
          responsePagePath: '/index.html',
          ttl: Duration.minutes(1),
        },
      ],
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      enableLogging: true,
      logBucket: this.logs,
      logFilePrefix: 'cloudfront/',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
    });
    this.origin = `https://${this.distribution.distributionDomainName}`;
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR4',
      reason:
        'The distribution uses the default *.cloudfront.net certificate, with which CloudFront negotiates TLSv1 at ' +
        'minimum; give it your own domain and ACM certificate to enforce TLSv1.2_2021 (set above).',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'Agents of a contact centre work from wherever the operator says; no country is excluded by default.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'The distribution serves static files only; every data request goes to the API, which needs a Cognito ' +
        'token and is throttled. Attach a WAF web ACL (us-east-1) if your policy requires one.',
    });
    new CfnOutput(this, 'WorkspaceUrl', { value: `${this.origin}/`, description: 'Agent workspace' });
  }

  /** Deploy web/dist and the app's config.json (when web/dist was not built, only config.json, with a note). */
  deploy(config: Record<string, string>): s3deploy.BucketDeployment {
    const sources = [s3deploy.Source.jsonData('config.json', config)];
    if (existsSync(join(WEB_DIST, 'index.html'))) sources.unshift(s3deploy.Source.asset(WEB_DIST));
    else
      Annotations.of(this).addInfo(
        'web/dist is not built: run `npm run build:web` before `cdk deploy` to publish the workspace app.',
      );
    const deployment = new s3deploy.BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      sources,
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json'],
      prune: false,
      memoryLimit: 512,
    });
    // CDK's deployment function (a singleton of the stack) copies the build from the CDK asset bucket.
    const stack = Stack.of(this);
    for (const child of stack.node.children)
      if (child.node.id.startsWith('Custom::CDKBucketDeployment'))
        for (const [id, reason] of DEPLOYMENT_ACKS) Validations.of(child).acknowledge({ id, reason });
    return deployment;
  }
}
