import { Aws, Stack, type StackProps } from 'aws-cdk-lib';
import * as appintegrations from 'aws-cdk-lib/aws-appintegrations';
import * as connect from 'aws-cdk-lib/aws-connect';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { Profile } from '../../schemas/profile.js';
import { recordingsBucketName } from '../constructs/call-records.js';
import { PrivacyErasure, type PrivacyErasureProps } from '../constructs/privacy-erasure.js';
import { SupervisorConsole, type SupervisorConsoleProps } from '../constructs/supervisor-console.js';
import { WorkspaceApi, type WorkspaceTables } from '../constructs/workspace-api.js';
import { WorkspaceWeb } from '../constructs/workspace-web.js';

export interface WorkspaceStackProps extends StackProps {
  readonly profile: Profile;
  readonly phoneRegion: string;
  readonly tables: WorkspaceTables;
  readonly dataKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /** The Amazon Connect instance whose agent workspace gets the app. */
  readonly instanceArn: string;
  readonly stackPrefix: string;
  /** The supervisor console's sources (Connect, the Supervision table, the supervisors' topic, recordings). */
  readonly supervision?: Omit<SupervisorConsoleProps, 'stackPrefix' | 'instanceArn'>;
  /** The ordering periods' time zone (order entry). */
  readonly timeZone?: string;
  /** Erasure requests (issue 17): every table and the recordings bucket, erased by a worker behind a queue. */
  readonly privacy?: Pick<PrivacyErasureProps, 'tables' | 'recordings'>;
}

/**
 * The agent workspace (F3, F13): web app (S3 + CloudFront), HTTP API (Cognito, JWT authorizer, Lambda) and the
 * app's registration as a third-party application of the Connect agent workspace (AppIntegrations application,
 * associated with the instance).
 */
export class WorkspaceStack extends Stack {
  readonly web: WorkspaceWeb;
  readonly api: WorkspaceApi;
  readonly application: appintegrations.CfnApplication;

  constructor(scope: Construct, id: string, props: WorkspaceStackProps) {
    super(scope, id, { description: 'Hotline agent workspace: web app, HTTP API, Cognito users', ...props });
    // The supervisor console plays recordings from presigned URLs of the recordings bucket (its regional and
    // global host names): the CSP lets the page's <audio> reach that bucket only.
    const recordings = props.supervision
      ? recordingsBucketName(props.supervision.recordings.dataStackName)
      : undefined;
    this.web = new WorkspaceWeb(this, 'Web', {
      mediaSrc: recordings
        ? [`https://${recordings}.s3.${Aws.REGION}.amazonaws.com`, `https://${recordings}.s3.amazonaws.com`]
        : [],
    });
    this.api = new WorkspaceApi(this, 'Api', {
      profile: props.profile,
      phoneRegion: props.phoneRegion,
      ...(props.timeZone ? { timeZone: props.timeZone } : {}),
      tables: props.tables,
      dataKey: props.dataKey,
      appOrigin: this.web.origin,
      logRetention: props.logRetention,
    });
    if (props.supervision)
      new SupervisorConsole(this, 'SupervisorConsole', this.api.handler, {
        ...props.supervision,
        instanceArn: props.instanceArn,
        stackPrefix: props.stackPrefix,
      });
    if (props.privacy)
      new PrivacyErasure(this, 'PrivacyErasure', {
        ...props.privacy,
        dataKey: props.dataKey,
        phoneRegion: props.phoneRegion,
        logRetention: props.logRetention,
        api: this.api.handler,
      });
    this.web.deploy({
      mode: 'cognito',
      apiUrl: this.api.api.apiEndpoint,
      region: this.region,
      clientId: this.api.client.userPoolClientId,
      cognitoDomain: this.api.domain.baseUrl(),
    });
    // Loaded in the agent workspace's iframe with ?connect=1, so the app follows the contact through the
    // Amazon Connect SDK. Permission names from the SDK's documentation (unverified against a live instance).
    this.application = new appintegrations.CfnApplication(this, 'AgentWorkspaceApp', {
      name: `${props.stackPrefix} workspace`,
      namespace: `hotline.${props.stackPrefix.toLowerCase()}.workspace`,
      description: 'Hotline agent workspace: screen pop, customer 360, tickets, knowledge base',
      applicationSourceConfig: {
        externalUrlConfig: { accessUrl: `${this.web.origin}/?connect=1`, approvedOrigins: [] },
      },
      permissions: [
        'User.Details.View',
        'Contact.Details.View',
        'Contact.CustomerDetails.View',
        'Contact.Variables.View',
      ],
    });
    new connect.CfnIntegrationAssociation(this, 'AgentWorkspaceAppAssociation', {
      instanceId: props.instanceArn,
      integrationType: 'APPLICATION',
      integrationArn: this.application.attrApplicationArn,
    });
  }
}
