import { fileURLToPath } from 'node:url';
import { CfnOutput } from 'aws-cdk-lib';
import type * as connect from 'aws-cdk-lib/aws-connect';
import { Construct } from 'constructs';
import type { Config } from '../../schemas/config.js';
import type { Profile } from '../../schemas/profile.js';
import { HotlineAgents, HotlinePhoneNumber, HotlineTestCases, readExportedTestCases } from './telephony.js';

export interface HotlineDeliveryProps {
  readonly config: Config;
  readonly profile: Profile;
  readonly instanceArn: string;
  readonly routingProfiles: Readonly<Record<string, connect.CfnRoutingProfile>>;
}

/** Where `hotline test --export-connect` leaves a profile's test cases. */
export function exportedTestCasesFile(profileId: string): string {
  return fileURLToPath(
    new URL(`../../contact-flows/scenarios/${profileId}.connect-tests.json`, import.meta.url),
  );
}

/**
 * The parts of a deployment that make it take calls, each switched on by its context key: the agents
 * (`agentUsers`, `agentUserIds`; the agent security profile is always created), then, once the inbound flow exists
 * (`attachInbound`), the phone number (`phoneNumberClaim` / `phoneNumberArn`) and the profile's scenarios as Connect
 * test cases (`connectTestCases`). The agents come first: the inbound flow routes by their user IDs.
 */
export class HotlineDeliveryAdditions extends Construct {
  phoneNumber?: HotlinePhoneNumber;
  readonly agents: HotlineAgents;
  testCases?: HotlineTestCases;
  readonly #props: HotlineDeliveryProps;

  constructor(scope: Construct, id: string, props: HotlineDeliveryProps) {
    super(scope, id);
    this.#props = props;
    const { config, profile } = props;
    this.agents = new HotlineAgents(this, 'Agents', {
      instanceArn: props.instanceArn,
      profile,
      prefix: config.stackPrefix,
      routingProfiles: props.routingProfiles,
      createUsers: config.agentUsers === 'create',
      ...(config.agentUserIds ? { existingUserIds: config.agentUserIds } : {}),
    });
  }

  /** The number that rings the inbound flow, and the test cases that call it. */
  attachInbound(inbound: connect.CfnContactFlow): void {
    const { config, profile, instanceArn } = this.#props;
    const claim = config.phoneNumberClaim?.split(':');
    if (claim || config.phoneNumberArn) {
      const [countryCode = '', type = '', prefix] = claim ?? [];
      this.phoneNumber = new HotlinePhoneNumber(this, 'PhoneNumber', {
        instanceArn,
        inboundFlow: inbound,
        ...(claim ? { claim: { countryCode, type, ...(prefix ? { prefix } : {}) } } : {}),
        ...(config.phoneNumberArn ? { phoneNumberArn: config.phoneNumberArn } : {}),
        description: `${config.stackPrefix} ${profile.title}`,
      });
      new CfnOutput(this, 'PhoneNumberArn', {
        value: this.phoneNumber.phoneNumberArn,
        description: 'The hotline number; calls to it enter the inbound flow',
      });
      if (this.phoneNumber.number) {
        new CfnOutput(this, 'PhoneNumberAddress', {
          value: this.phoneNumber.number.attrAddress,
          description: 'The number to dial (E.164)',
        });
      }
    }
    if (config.connectTestCases) {
      const cases = readExportedTestCases(exportedTestCasesFile(profile.id));
      if (cases.length === 0) {
        throw new Error(
          `-c connectTestCases=true: profile ${profile.id} has no exported test cases; run hotline test contact-flows/scenarios/${profile.id}.yaml --export-connect contact-flows/scenarios`,
        );
      }
      this.testCases = new HotlineTestCases(this, 'TestCases', {
        instanceArn,
        inboundFlow: inbound,
        cases,
        ...(this.phoneNumber?.number ? { destinationPhoneNumber: this.phoneNumber.number.attrAddress } : {}),
      });
    }
  }
}
