import { existsSync, readFileSync } from 'node:fs';
import { CfnOutput, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as connect from 'aws-cdk-lib/aws-connect';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { ConnectTestCase } from '../../contact-flows/testing/connect-test-case.js';
import type { Profile } from '../../schemas/profile.js';

/**
 * What makes the deployed hotline take calls (README "From zero to a ringing hotline"):
 * - `HotlinePhoneNumber`: claims a number for the instance (or adopts one already claimed) and attaches the
 *   inbound flow to it. CloudFormation's `AWS::Connect::PhoneNumber` cannot name a flow, so the association is a
 *   custom resource calling `AssociatePhoneNumberContactFlow` (and `DisassociatePhoneNumberContactFlow` on delete).
 * - `HotlineAgents`: a security profile that gives agents the agent workspace (Contact Control Panel) and
 *   nothing else, and, when asked, a Connect user per profile agent on its routing profile, with a generated
 *   first password kept in Secrets Manager (never in the template).
 * - `HotlineTestCases`: the profile's scenarios, exported by `hotline test --export-connect`, as Amazon Connect
 *   test cases (`AWS::Connect::TestCase`) that run against the inbound flow.
 */

/** `arn:…:instance/<id>` → `<id>` (works on tokens). */
const lastSegment = (arn: string, marker: string): string => Fn.select(1, Fn.split(marker, arn));

export interface HotlinePhoneNumberProps {
  readonly instanceArn: string;
  readonly inboundFlow: connect.CfnContactFlow;
  /** Claim a number: country, type and optional prefix. */
  readonly claim?: { readonly countryCode: string; readonly type: string; readonly prefix?: string };
  /** Or adopt a number already claimed for the instance, by its ARN. */
  readonly phoneNumberArn?: string;
  readonly description: string;
}

export class HotlinePhoneNumber extends Construct {
  readonly phoneNumberArn: string;
  readonly number?: connect.CfnPhoneNumber;

  constructor(scope: Construct, id: string, props: HotlinePhoneNumberProps) {
    super(scope, id);
    if ((props.claim === undefined) === (props.phoneNumberArn === undefined)) {
      throw new Error('HotlinePhoneNumber: give either a number to claim or the ARN of one to adopt');
    }
    if (props.claim) {
      this.number = new connect.CfnPhoneNumber(this, 'Number', {
        targetArn: props.instanceArn,
        countryCode: props.claim.countryCode,
        type: props.claim.type,
        ...(props.claim.prefix ? { prefix: props.claim.prefix } : {}),
        description: props.description,
      });
      // A released number is gone for good (someone else may claim it): deleting the stack keeps it.
      this.number.applyRemovalPolicy(RemovalPolicy.RETAIN);
      this.phoneNumberArn = this.number.attrPhoneNumberArn;
    } else {
      this.phoneNumberArn = props.phoneNumberArn as string;
    }
    const flowArn = props.inboundFlow.attrContactFlowArn;
    const parameters = {
      InstanceId: lastSegment(props.instanceArn, 'instance/'),
      PhoneNumberId: lastSegment(this.phoneNumberArn, 'phone-number/'),
    };
    const association = new AwsCustomResource(this, 'InboundFlowAssociation', {
      resourceType: 'Custom::ConnectPhoneNumberContactFlow',
      installLatestAwsSdk: false,
      onCreate: {
        service: 'Connect',
        action: 'AssociatePhoneNumberContactFlow',
        parameters: { ...parameters, ContactFlowId: lastSegment(flowArn, 'contact-flow/') },
        physicalResourceId: PhysicalResourceId.of(`${parameters.PhoneNumberId}`),
      },
      onUpdate: {
        service: 'Connect',
        action: 'AssociatePhoneNumberContactFlow',
        parameters: { ...parameters, ContactFlowId: lastSegment(flowArn, 'contact-flow/') },
        physicalResourceId: PhysicalResourceId.of(`${parameters.PhoneNumberId}`),
      },
      onDelete: {
        service: 'Connect',
        action: 'DisassociatePhoneNumberContactFlow',
        parameters,
      },
      // The two calls on this number, this flow and this instance only (which resources Connect checks for
      // these actions is not documented precisely: unverified, so all three are named).
      policy: AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ['connect:AssociatePhoneNumberContactFlow', 'connect:DisassociatePhoneNumberContactFlow'],
          resources: [this.phoneNumberArn, flowArn, props.instanceArn],
        }),
      ]),
    });
    association.node.addDependency(props.inboundFlow);
    if (this.number) association.node.addDependency(this.number);

    const stack = Stack.of(this);
    // The custom resource's provider is CDK's one singleton function per stack (created with the first one).
    for (const child of stack.node.children) {
      if (!child.node.id.startsWith('AWS679f53fac002430cb0da5b7982bd2287')) continue;
      Validations.of(child).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          "CDK's AwsCustomResource provider writes its logs with AWSLambdaBasicExecutionRole; it runs only at deploy " +
          'time, to attach the inbound flow to the phone number.',
      });
      Validations.of(child).acknowledge({
        id: 'AwsSolutions-L1',
        reason:
          "The runtime of CDK's AwsCustomResource provider is set by the CDK version, not by this project.",
      });
    }
  }
}

export interface HotlineAgentsProps {
  readonly instanceArn: string;
  readonly profile: Profile;
  readonly prefix: string;
  readonly routingProfiles: Readonly<Record<string, connect.CfnRoutingProfile>>;
  /** Create a Connect user per profile agent (CONNECT_MANAGED instances). */
  readonly createUsers: boolean;
  /** Existing Connect user IDs by profile agent id (no users are created for these). */
  readonly existingUserIds?: Readonly<Record<string, string>>;
}

/** Agents: the workspace only. `BasicAgentAccess` is the Contact Control Panel; quick connects to transfer. */
export const AGENT_PERMISSIONS = ['BasicAgentAccess', 'TransferDestinations.View'] as const;

export class HotlineAgents extends Construct {
  readonly securityProfile: connect.CfnSecurityProfile;
  readonly users: Readonly<Record<string, connect.CfnUser>>;
  /** Connect user ID per profile agent id (created or given), for dedicated and last-agent routing. */
  readonly userIds: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: HotlineAgentsProps) {
    super(scope, id);
    this.securityProfile = new connect.CfnSecurityProfile(this, 'AgentSecurityProfile', {
      instanceArn: props.instanceArn,
      securityProfileName: `${props.prefix} agent`,
      description: `${props.profile.title}: the agent workspace only (take calls and chats, transfer)`,
      permissions: [...AGENT_PERMISSIONS],
    });
    const users: Record<string, connect.CfnUser> = {};
    const userIds: Record<string, string> = { ...(props.existingUserIds ?? {}) };
    for (const agentId of Object.keys(userIds)) {
      if (!props.profile.agents.some((a) => a.id === agentId)) {
        throw new Error(`agentUserIds: "${agentId}" is not an agent of profile ${props.profile.id}`);
      }
    }
    if (props.createUsers) {
      for (const agent of props.profile.agents) {
        if (userIds[agent.id]) continue;
        const routingProfile = props.routingProfiles[agent.routingProfile];
        if (!routingProfile)
          throw new Error(`agent ${agent.id}: unknown routing profile ${agent.routingProfile}`);
        const cid = agent.id.replace(/[^A-Za-z0-9]/g, '');
        // The first password: generated, kept in Secrets Manager, resolved by CloudFormation at deploy.
        const secret = new secretsmanager.Secret(this, `${cid}Password`, {
          description: `First password of Connect user ${agent.id} (${props.prefix}); change it at first sign-in`,
          generateSecretString: {
            passwordLength: 20,
            excludePunctuation: true,
            requireEachIncludedType: true,
          },
          removalPolicy: RemovalPolicy.DESTROY,
        });
        Validations.of(secret).acknowledge({
          id: 'AwsSolutions-SMG4',
          reason:
            "A Connect user's first password: Connect keeps the password itself, so rotating the secret would " +
            'not change it; the agent sets a new one at first sign-in.',
        });
        const user = new connect.CfnUser(this, `${cid}User`, {
          instanceArn: props.instanceArn,
          username: agent.id,
          password: secret.secretValue.unsafeUnwrap(),
          identityInfo: { firstName: agent.name, lastName: props.profile.id },
          phoneConfig: { phoneType: 'SOFT_PHONE', autoAccept: false, afterContactWorkTimeLimit: 0 },
          routingProfileArn: routingProfile.attrRoutingProfileArn,
          securityProfileArns: [this.securityProfile.attrSecurityProfileArn],
        });
        users[agent.id] = user;
        userIds[agent.id] = lastSegment(user.attrUserArn, 'agent/');
      }
    }
    this.users = users;
    this.userIds = userIds;
    if (Object.keys(userIds).length) {
      new CfnOutput(this, 'AgentUserIds', {
        value: Stack.of(this).toJsonString(userIds),
        description:
          "Connect user ID per profile agent: the inbound flow passes them to the caller lookup, which routes the CRM's agent keys to these users",
      });
    }
  }
}

export interface HotlineTestCasesProps {
  readonly instanceArn: string;
  readonly inboundFlow: connect.CfnContactFlow;
  readonly cases: readonly ConnectTestCase[];
  /** The hotline number the simulated calls dial, when known. */
  readonly destinationPhoneNumber?: string;
}

/** The exported scenarios of a profile, or none when the file does not exist. */
export function readExportedTestCases(file: string): ConnectTestCase[] {
  if (!existsSync(file)) return [];
  return JSON.parse(readFileSync(file, 'utf8')) as ConnectTestCase[];
}

export class HotlineTestCases extends Construct {
  readonly testCases: readonly connect.CfnTestCase[];

  constructor(scope: Construct, id: string, props: HotlineTestCasesProps) {
    super(scope, id);
    const flowId = lastSegment(props.inboundFlow.attrContactFlowArn, 'contact-flow/');
    this.testCases = props.cases.map(
      (c, i) =>
        new connect.CfnTestCase(this, `Case${i + 1}`, {
          instanceArn: props.instanceArn,
          name: c.name,
          description: c.description,
          content: c.content,
          // SAVED: not validated on deploy (the exported shape is unverified against a live instance); open it in
          // the test designer to publish and run it.
          status: 'SAVED',
          entryPoint: {
            type: 'VOICE_CALL',
            voiceCallEntryPointParameters: {
              flowId,
              // The scenario's caller number is left out: CloudFormation's schema pattern for it rejects every
              // E.164 number in this CDK version (doubly escaped), and on the instance the real lookup decides.
              ...(props.destinationPhoneNumber
                ? { destinationPhoneNumber: props.destinationPhoneNumber }
                : {}),
            },
          },
          ...(c.initializationData ? { initializationData: c.initializationData } : {}),
        }),
    );
  }
}
