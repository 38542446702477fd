/**
 * The local dialler (`hotline campaigns run`): outbound calls through the offline interpreter, against the local
 * contact centre's agents (the profile's, by routing profile), with the seeded answer model
 * (functions/core/campaigns/answer-model.ts) deciding who answers and what they press or say.
 *
 * - Not answered (no answer, busy, an answering machine): no contact flow runs, as in Connect (answering machine
 *   detection ends a machine-answered call before the flow).
 * - Agentless: the campaign's outbound IVR flow runs with the customer's keys; `campaignResult` is the answer.
 * - Agent-assisted: the campaign's outbound flow looks the customer up (the screen pop), sets the campaign
 *   whisper (name and script) and queues the contact; the local ACD gives it to a free agent of the queue, who
 *   talks for the model's time and records the model's disposition. No free agent within 20 s: `abandoned`.
 */

import { randomUUID } from 'node:crypto';
import {
  buildAgentlessFlow,
  buildAgentOutboundFlow,
  buildCampaignWhisperFlow,
  CAMPAIGN_RESULT_ATTRIBUTE,
} from '../../contact-flows/flows/outbound.js';
import { LOCAL_INSTANCE_ARN, localFlowRefs, localQueueArn } from '../../contact-flows/flows/refs.js';
import { createProfileRuntime, type ProfileRuntime } from '../../contact-flows/runtime/profile-runtime.js';
import type { SimulatedClock } from '../../contact-flows/runtime/time.js';
import { answerOf, type ScriptedAnswers } from '../../functions/core/campaigns/answer-model.js';
import { scriptFor } from '../../functions/core/campaigns/script.js';
import type { OutboundDialler } from '../../functions/use-cases/campaigns/run-campaign.js';
import type { Campaign } from '../../schemas/campaigns.js';
import type { Profile } from '../../schemas/profile.js';
import { localHandlers } from './contact-centre.js';
import type { LocalData } from './local-data.js';

export interface LocalDiallerOptions {
  readonly profile: Profile;
  readonly data: Pick<LocalData, 'tableEnv' | 'endpoint' | 'home'>;
  readonly campaign: Campaign;
  readonly seed: number;
  readonly scripted?: ScriptedAnswers;
  readonly timeZone: string;
  /** The simulated clock the handlers stamp records with (shared with the run). */
  readonly clock: SimulatedClock;
}

/** What the local dialler remembers of each call, for the transcript the CLI prints. */
export interface LocalCallNote {
  readonly contactId: string;
  readonly prompts: readonly string[];
  readonly screenPop?: Readonly<Record<string, string>>;
}

export interface LocalDialler extends OutboundDialler {
  readonly centre: ProfileRuntime;
  readonly calls: Map<string, LocalCallNote>;
}

const flowArn = (campaign: Campaign, part: string) =>
  `${LOCAL_INSTANCE_ARN}/contact-flow/campaign-${campaign.name}-${part}`;

export { scriptFor };

export function openLocalDialler(opts: LocalDiallerOptions): LocalDialler {
  const { profile, campaign } = opts;
  // The in-call handlers' metrics go to CloudWatch in AWS; locally they would only clutter the output.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const refs = localFlowRefs(profile);
  const extra = new Map<string, { content: unknown; type: 'CONTACT_FLOW' | 'AGENT_WHISPER'; name: string }>();
  const entryArn = flowArn(campaign, 'outbound');
  if (campaign.mode === 'agentless') {
    const doc = buildAgentlessFlow(profile, campaign);
    extra.set(entryArn, { content: doc, type: 'CONTACT_FLOW', name: `campaign ${campaign.name}` });
  } else {
    const whisperArn = flowArn(campaign, 'whisper');
    extra.set(whisperArn, {
      content: buildCampaignWhisperFlow(profile, campaign),
      type: 'AGENT_WHISPER',
      name: `campaign ${campaign.name} whisper`,
    });
    extra.set(entryArn, {
      content: buildAgentOutboundFlow(profile, campaign, refs, whisperArn),
      type: 'CONTACT_FLOW',
      name: `campaign ${campaign.name}`,
    });
  }
  const centre = createProfileRuntime(profile, {
    clock: opts.clock,
    timeZone: opts.timeZone,
    lambdas: localHandlers(profile, opts.data, () => opts.clock.now()),
    extraFlows: extra,
    runtime: { seed: opts.seed },
  });
  const queueArn = campaign.queue ? localQueueArn(campaign.queue) : undefined;
  const calls = new Map<string, LocalCallNote>();
  const menuKeys = Object.entries(campaign.keys ?? {})
    .filter(([, d]) => d !== 'do-not-call')
    .map(([k]) => k);
  // A retried request with the same client token gets the first call's outcome: one ring per attempt.
  const byToken = new Map<string, Awaited<ReturnType<OutboundDialler['dial']>>>();
  return {
    centre,
    calls,
    availableAgents: (_c, at) => (queueArn ? centre.runtime.acd.agentMetrics(queueArn, at).available : 0),
    async dial({ entry, n, clientToken, at }) {
      const known = byToken.get(clientToken);
      if (known) return known;
      const answer = answerOf(
        {
          seed: opts.seed,
          campaign: campaign.name,
          purpose: campaign.purpose,
          mode: campaign.mode,
          entryId: entry.entryId,
          phone: entry.phone,
          attempt: n,
          dispositions: campaign.dispositions.map((d) => d.key),
          menuKeys,
        },
        opts.scripted,
      );
      let outcome: Awaited<ReturnType<OutboundDialler['dial']>>;
      if (answer.result !== 'answered') {
        outcome = { result: answer.result, ringSeconds: answer.ringSeconds };
      } else {
        const contactId = randomUUID();
        const startAt = new Date(at.getTime() + answer.ringSeconds * 1000);
        const result = await centre.runtime.call({
          entryFlowArn: entryArn,
          contactId,
          from: entry.phone,
          initiationMethod: 'OUTBOUND',
          at: startAt,
          languageCode: entry.language,
          attributes: {
            campaign: campaign.name,
            campaignScript: scriptFor(campaign, entry),
            campaignRef: JSON.stringify(entry.ref).slice(0, 256),
            attempt: String(n),
          },
          ...(campaign.mode === 'agentless'
            ? { inputs: answer.keys ? [answer.keys, answer.keys] : [null, null] }
            : { talkSeconds: answer.talkSeconds ?? 120, patienceSeconds: 20 }),
        });
        const screenPop =
          campaign.mode === 'agent'
            ? Object.fromEntries(
                ['displayName', 'tier', 'vip', 'openTickets', 'campaignScript']
                  .filter((k) => result.attributes[k] !== undefined)
                  .map((k) => [k, result.attributes[k] as string]),
              )
            : undefined;
        calls.set(contactId, { contactId, prompts: result.prompts, ...(screenPop ? { screenPop } : {}) });
        if (campaign.mode === 'agentless') {
          const disposition = result.attributes[CAMPAIGN_RESULT_ATTRIBUTE];
          outcome = {
            result: 'answered',
            ringSeconds: answer.ringSeconds,
            contactId,
            keys: answer.keys ?? '',
            ...(disposition ? { disposition } : {}),
          };
        } else if (result.outcome.type === 'agent' && result.outcome.agent) {
          outcome = {
            result: 'answered',
            ringSeconds: answer.ringSeconds,
            contactId,
            agentId: result.outcome.agent.id,
            talkSeconds: answer.talkSeconds ?? 120,
            ...(answer.disposition ? { disposition: answer.disposition } : {}),
          };
        } else {
          outcome = { result: 'abandoned', ringSeconds: answer.ringSeconds, contactId };
        }
      }
      byToken.set(clientToken, outcome);
      return outcome;
    },
  };
}
