/**
 * The inbound flow keeps the caller's number in the contact attribute `callerNumber` before anything else
 * (the agent workspace's screen pop reads it in Connect), and a failure to set it never stops the call.
 */
import { describe, expect, it } from 'vitest';
import { CALLER_NUMBER_ATTRIBUTE } from '../../contact-flows/flows/inbound.js';
import { buildInboundFlow, localFlowRefs } from '../../contact-flows/flows/index.js';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { PROFILE_IDS } from '../../schemas/profile.js';

describe.each(PROFILE_IDS)('the %s inbound flow', (id) => {
  const profile = getProfile(id);
  const flow = buildInboundFlow(profile, localFlowRefs(profile));
  const get = (name: string) => {
    const a = flow.Actions.find((x) => x.Identifier === name);
    if (!a) throw new Error(`no action ${name}`);
    return a;
  };

  it('saves the caller number as callerNumber, then looks the caller up, even when saving fails', () => {
    expect(CALLER_NUMBER_ATTRIBUTE).toBe('callerNumber');
    expect(get('Language').Transitions.NextAction).toBe('Save number');
    const save = get('Save number');
    expect(save.Type).toBe('UpdateContactAttributes');
    expect(save.Parameters).toEqual({
      Attributes: { callerNumber: '$.CustomerEndpoint.Address' },
      TargetContact: 'Current',
    });
    expect(save.Transitions.NextAction).toBe('Lookup caller');
    expect(save.Transitions.Errors?.map((e) => e.NextAction)).toEqual(['Lookup caller']);
  });
});
