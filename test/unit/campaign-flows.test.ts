/**
 * The outbound campaign flows (contact-flows/flows/outbound.ts), built with the flow builder from each profile's
 * presets, pass the validator with no problem at all, and the agentless menu offers the campaign's keys.
 */
import { describe, expect, it } from 'vitest';
import { validateFlow } from '../../contact-flows/builder/validate.js';
import {
  agentlessPrompt,
  buildAgentlessFlow,
  buildAgentOutboundFlow,
  buildCampaignWhisperFlow,
  deployedOutboundFlows,
} from '../../contact-flows/flows/outbound.js';
import { localFlowRefs } from '../../contact-flows/flows/refs.js';
import {
  campaignPreset,
  DEFAULT_PACING,
  DEFAULT_RETRY,
  defaultWindow,
  PURPOSE_DISPOSITIONS,
  PURPOSE_KEYS,
} from '../../contact-flows/profiles/campaigns.js';
import { getProfile } from '../../contact-flows/profiles/index.js';
import {
  CAMPAIGN_PURPOSES,
  type Campaign,
  type CampaignMode,
  CampaignSchema,
} from '../../schemas/campaigns.js';
import { PROFILE_IDS } from '../../schemas/profile-ids.js';

function campaignOf(
  profile: (typeof PROFILE_IDS)[number],
  purpose: Campaign['purpose'],
  mode: CampaignMode,
): Campaign {
  const p = campaignPreset(profile, purpose, mode);
  return CampaignSchema.parse({
    name: `${purpose}-${mode}`,
    profile,
    purpose,
    mode: p.mode,
    source: p.source,
    ...(p.queue ? { queue: p.queue } : {}),
    window: defaultWindow(profile),
    retry: DEFAULT_RETRY,
    maxAttempts: 3,
    pacing: DEFAULT_PACING[p.mode],
    dispositions: p.dispositions,
    script: p.script,
    ...(p.keys ? { keys: p.keys } : {}),
    status: 'active',
    createdAt: '2026-12-01T00:00:00Z',
    updatedAt: '2026-12-01T00:00:00Z',
    createdBy: 'test',
    loaded: 0,
    skipped: 0,
  });
}

describe('outbound campaign flows', () => {
  for (const profileId of PROFILE_IDS) {
    const profile = getProfile(profileId);
    for (const purpose of CAMPAIGN_PURPOSES) {
      it(`${profileId} ${purpose}: the agent-assisted flow and its whisper validate, the queue is the profile's`, () => {
        const c = campaignOf(profileId, purpose, 'agent');
        expect(profile.queues.map((q) => q.key)).toContain(c.queue);
        const whisper = buildCampaignWhisperFlow(profile, c);
        expect(validateFlow(whisper, 'AGENT_WHISPER')).toEqual([]);
        expect(
          validateFlow(
            buildAgentOutboundFlow(profile, c, localFlowRefs(profile), 'arn:whisper'),
            'CONTACT_FLOW',
          ),
        ).toEqual([]);
      });
    }
    for (const purpose of ['return-visit', 'reminder'] as const) {
      it(`${profileId} ${purpose}: the agentless flow validates and offers its keys`, () => {
        const c = campaignOf(profileId, purpose, 'agentless');
        expect(validateFlow(buildAgentlessFlow(profile, c), 'CONTACT_FLOW')).toEqual([]);
        const prompt = agentlessPrompt(c, profile.defaultLanguage);
        for (const key of Object.keys(c.keys ?? {})) expect(prompt).toContain(key);
      });
    }
  }

  for (const profileId of PROFILE_IDS) {
    it(`${profileId}: the deployed (generic) outbound flows validate; the script comes from the dialler's attribute`, () => {
      const profile = getProfile(profileId);
      const flows = deployedOutboundFlows(profile, localFlowRefs(profile), {
        dispositions: PURPOSE_DISPOSITIONS,
        keys: PURPOSE_KEYS,
      });
      expect(validateFlow(flows.whisper.content, 'AGENT_WHISPER')).toEqual([]);
      const agent = flows.agent('arn:whisper');
      expect(Object.keys(agent).sort()).toEqual(profile.queues.map((q) => q.key).sort());
      for (const f of Object.values(agent)) expect(validateFlow(f.content, 'CONTACT_FLOW')).toEqual([]);
      expect(Object.keys(flows.agentless).sort()).toEqual(['reminder', 'return-visit']);
      for (const f of Object.values(flows.agentless)) {
        expect(validateFlow(f.content, 'CONTACT_FLOW')).toEqual([]);
        expect(JSON.stringify(f.content)).toContain('$.Attributes.campaignScript');
      }
    });
  }

  it('purposes without an IVR flow refuse agentless mode', () => {
    expect(() => campaignPreset('distribution', 'ordering', 'agentless')).toThrow(/needs an agent/);
  });
});
