/**
 * The outbound side of Amazon Connect for the scheduled campaign dialler (port: functions/ports/outbound-calls.ts).
 *
 * - `place`: StartOutboundVoiceContact with the attempt's client token (a retried request within Connect's
 *   idempotency window returns the first contact and never rings the customer twice), the campaign's deployed
 *   outbound flow (agent-assisted per queue, agentless per purpose), the queue (its outbound caller ID), the
 *   attributes the flows read (campaign, script, ref, attempt) and, when enabled, answering machine detection
 *   (Connect allows it only with `TrafficType: CAMPAIGN`, which needs the "campaigns" quota raised).
 * - `availableAgents`: GetCurrentMetricData AGENTS_AVAILABLE of the campaign's queue (voice).
 * - `contact`: DescribeContact (timestamps, agent, answering machine detection status, disconnect reason) and
 *   GetContactAttributes (the agentless flow's answer, an agent's disposition).
 */
import {
  type ConnectClient,
  DescribeContactCommand,
  GetContactAttributesCommand,
  GetCurrentMetricDataCommand,
  ResourceNotFoundException,
  StartOutboundVoiceContactCommand,
} from '@aws-sdk/client-connect';
import type { ContactFacts } from '../../core/campaigns/connect-outcome.js';
import { CallRefusedError, type OutboundCalls, type PlaceCall } from '../../ports/outbound-calls.js';

export interface ConnectOutboundConfig {
  /** The instance id (or ARN: the API takes either). */
  readonly instanceId: string;
  /** Queue ids by the profile's queue key. */
  readonly queueIds: Readonly<Record<string, string>>;
  /** Deployed outbound flow ids: agent-assisted by queue key, agentless by purpose. */
  readonly flows: {
    readonly agent: Readonly<Record<string, string>>;
    readonly agentless: Readonly<Record<string, string>>;
  };
  /** The queue whose outbound caller ID agentless calls show (the profile's default outbound queue). */
  readonly agentlessQueue: string;
  /** Answering machine detection (TrafficType CAMPAIGN). */
  readonly answeringMachineDetection: boolean;
  /** Seconds a call rings before it is a no-answer (15–60). */
  readonly ringSeconds: number;
}

const REFUSED = new Set([
  'InvalidParameterException',
  'InvalidRequestException',
  'DestinationNotAllowedException',
]);

export class ConnectOutboundCalls implements OutboundCalls {
  constructor(
    private readonly client: ConnectClient,
    private readonly config: ConnectOutboundConfig,
  ) {}

  /** The flow and queue a campaign's calls use; an Error when this deployment has none for it. */
  route(campaign: PlaceCall['campaign']): { flowId: string; queueId: string } {
    const queueKey = campaign.mode === 'agent' ? (campaign.queue ?? '') : this.config.agentlessQueue;
    const flowId =
      campaign.mode === 'agent'
        ? this.config.flows.agent[queueKey]
        : this.config.flows.agentless[campaign.purpose];
    const queueId = this.config.queueIds[queueKey];
    if (!flowId || !queueId)
      throw new CallRefusedError(
        campaign.mode === 'agent'
          ? `no outbound flow deployed for queue "${queueKey}"`
          : `no agentless flow deployed for ${campaign.purpose} campaigns`,
      );
    return { flowId, queueId };
  }

  async place(call: PlaceCall): Promise<{ contactId: string }> {
    const { campaign, entry } = call;
    const { flowId, queueId } = this.route(campaign);
    const ref =
      entry.ref.kind === 'ticket'
        ? entry.ref.ticketId
        : entry.ref.kind === 'pickup'
          ? entry.ref.pickupId
          : entry.ref.kind === 'lead'
            ? entry.ref.leadId
            : entry.ref.kind === 'retailer'
              ? entry.ref.customerId
              : '';
    try {
      const out = await this.client.send(
        new StartOutboundVoiceContactCommand({
          InstanceId: this.config.instanceId,
          ContactFlowId: flowId,
          QueueId: queueId,
          DestinationPhoneNumber: entry.phone,
          ClientToken: call.clientToken,
          Name: `${campaign.name} ${entry.entryId}`.slice(0, 512),
          Description: `Outbound campaign ${campaign.name} (${campaign.purpose}), contact ${entry.entryId}, attempt ${call.n}`,
          Attributes: {
            campaign: campaign.name,
            campaignScript: call.script.slice(0, 2000),
            campaignRef: ref,
            campaignEntry: entry.entryId,
            attempt: String(call.n),
          },
          RingTimeoutInSeconds: this.config.ringSeconds,
          ...(this.config.answeringMachineDetection
            ? {
                TrafficType: 'CAMPAIGN' as const,
                AnswerMachineDetectionConfig: {
                  EnableAnswerMachineDetection: true,
                  AwaitAnswerMachinePrompt: campaign.mode === 'agentless',
                },
              }
            : {}),
        }),
      );
      if (!out.ContactId) throw new Error('StartOutboundVoiceContact returned no ContactId');
      return { contactId: out.ContactId };
    } catch (err) {
      const name = (err as Error).name;
      if (REFUSED.has(name)) throw new CallRefusedError(`${name}: ${(err as Error).message}`.slice(0, 200));
      throw err;
    }
  }

  async availableAgents(queueKey: string): Promise<number> {
    const queueId = this.config.queueIds[queueKey];
    if (!queueId) return 0;
    const res = await this.client.send(
      new GetCurrentMetricDataCommand({
        InstanceId: this.config.instanceId,
        Filters: { Queues: [queueId], Channels: ['VOICE'] },
        Groupings: ['QUEUE'],
        CurrentMetrics: [{ Name: 'AGENTS_AVAILABLE', Unit: 'COUNT' }],
      }),
    );
    let n = 0;
    for (const r of res.MetricResults ?? [])
      for (const c of r.Collections ?? [])
        if (c.Metric?.Name === 'AGENTS_AVAILABLE') n += Math.max(0, Math.floor(c.Value ?? 0));
    return n;
  }

  async contact(contactId: string): Promise<ContactFacts | undefined> {
    try {
      const [described, attrs] = await Promise.all([
        this.client.send(
          new DescribeContactCommand({ InstanceId: this.config.instanceId, ContactId: contactId }),
        ),
        this.client.send(
          new GetContactAttributesCommand({
            InstanceId: this.config.instanceId,
            InitialContactId: contactId,
          }),
        ),
      ]);
      const c = described.Contact;
      if (!c) return undefined;
      return {
        ended: c.DisconnectTimestamp !== undefined,
        amdStatus: c.AnsweringMachineDetectionStatus,
        disconnectReason: c.DisconnectReason,
        connectedToSystemAt: c.ConnectedToSystemTimestamp,
        connectedToAgentAt: c.AgentInfo?.ConnectedToAgentTimestamp,
        disconnectedAt: c.DisconnectTimestamp,
        agentId: c.AgentInfo?.Id,
        attributes: attrs.Attributes ?? {},
      };
    } catch (err) {
      if (err instanceof ResourceNotFoundException) return undefined;
      throw err;
    }
  }
}
