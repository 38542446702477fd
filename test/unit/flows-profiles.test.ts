import { Lazy } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { MAX_CONTENT_CHARS, validateFlow } from '../../contact-flows/builder/index.js';
import {
  buildInboundFlow,
  buildProfileFlows,
  type FlowRefs,
  LOOKUP_ATTRIBUTE_KEYS,
  localFlowRefs,
  menuText,
  type ProfileFlow,
} from '../../contact-flows/flows/index.js';
import { lastAgentOfferText } from '../../contact-flows/flows/text.js';
import { queueOfferText } from '../../contact-flows/flows/voicemail.js';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { localFunctionArn, localFunctionArns } from '../../functions/registry.js';
import type { Action, FlowDocument } from '../../schemas/flow.js';
import { LookupResponseSchema } from '../../schemas/lookup.js';
import { PROFILE_IDS, type Profile } from '../../schemas/profile.js';

const ACCOUNT = 'arn:aws:connect:ap-southeast-1:111122223333:instance/11111111-2222-3333-4444-555555555555';
const LOOKUP_ARN = 'arn:aws:lambda:ap-southeast-1:111122223333:function:hotline-caller-lookup';
const TICKET_ARN = 'arn:aws:lambda:ap-southeast-1:111122223333:function:hotline-create-ticket';
const SURVEY_ARN = 'arn:aws:lambda:ap-southeast-1:111122223333:function:hotline-survey';
const PICKUP_ARN = 'arn:aws:lambda:ap-southeast-1:111122223333:function:hotline-pickup';

function fakeRefs(profile: Profile): FlowRefs {
  return {
    lambdas: {
      callerLookup: LOOKUP_ARN,
      createTicket: TICKET_ARN,
      recordSurvey: SURVEY_ARN,
      authenticateCard: 'arn:aws:lambda:ap-southeast-1:111122223333:function:hotline-card-auth',
      orderDesk: 'arn:aws:lambda:ap-southeast-1:111122223333:function:hotline-order-desk',
      pickup: PICKUP_ARN,
      trackShipment: 'arn:aws:lambda:ap-southeast-1:111122223333:function:hotline-track-shipment',
      repairBooking: 'arn:aws:lambda:ap-southeast-1:111122223333:function:hotline-repair-booking',
      captureLead: 'arn:aws:lambda:ap-southeast-1:111122223333:function:hotline-capture-lead',
      faqAnswer: 'arn:aws:lambda:ap-southeast-1:111122223333:function:hotline-faq-answer',
    },
    queues: Object.fromEntries(profile.queues.map((q) => [q.key, `${ACCOUNT}/queue/${q.key}`])),
    hours: Object.fromEntries(Object.keys(profile.hours).map((h) => [h, `${ACCOUNT}/operating-hours/${h}`])),
    flows: {
      customerQueue: `${ACCOUNT}/contact-flow/customer-queue`,
      agentWhisper: `${ACCOUNT}/contact-flow/agent-whisper`,
      survey: `${ACCOUNT}/contact-flow/survey`,
    },
    modules: {
      ticketMenu: `${ACCOUNT}/flow-module/ticket-menu`,
      survey: `${ACCOUNT}/flow-module/survey`,
      faqMenu: `${ACCOUNT}/flow-module/faq-menu`,
    },
  };
}

const CJK = /[\u4e00-\u9fff]/;

function get(doc: FlowDocument, id: string): Action {
  const found = doc.Actions.find((a) => a.Identifier === id);
  if (!found) throw new Error(`no action "${id}"`);
  return found;
}

/** Where an action goes when the condition `operator operand` holds. */
function when(action: Action, operand: string, operator = 'Equals'): string | undefined {
  return action.Transitions.Conditions?.find(
    (c) => c.Condition.Operator === operator && c.Condition.Operands[0] === operand,
  )?.NextAction;
}

function onError(action: Action, type = 'NoMatchingError'): string | undefined {
  return action.Transitions.Errors?.find((e) => e.ErrorType === type)?.NextAction;
}

/** The actions from `id` following NextAction, up to a terminal action (loops are an error here). */
function chain(doc: FlowDocument, id: string): Action[] {
  const seen: Action[] = [];
  for (let next: string | undefined = id; next !== undefined; ) {
    const action = get(doc, next);
    if (seen.includes(action)) throw new Error(`loop at ${next}`);
    seen.push(action);
    next = action.Transitions.NextAction;
  }
  return seen;
}

/** Every prompt text of an action (Text, SSML, iterative messages). */
function texts(action: Action): string[] {
  const p = action.Parameters as {
    Text?: string;
    SSML?: string;
    Messages?: { Text?: string; SSML?: string }[];
  };
  return [p.Text, p.SSML, ...(p.Messages ?? []).flatMap((m) => [m.Text, m.SSML])].filter(
    (t): t is string => t !== undefined,
  );
}

describe.each(PROFILE_IDS)('flows of %s', (id) => {
  const profile = getProfile(id);
  const refs = fakeRefs(profile);
  const flows = buildProfileFlows(profile, refs);
  const inbound = flows.inbound.content;
  const queueFlow = flows.customerQueue.content;
  const whisper = flows.agentWhisper.content;

  it('builds four flows of the right types that validate without a single problem', () => {
    const all: [string, ProfileFlow][] = Object.entries(flows);
    expect(all.map(([k, f]) => [k, f.type])).toEqual([
      ['customerQueue', 'CUSTOMER_QUEUE'],
      ['agentWhisper', 'AGENT_WHISPER'],
      ['survey', 'CONTACT_FLOW'],
      ['inbound', 'CONTACT_FLOW'],
    ]);
    for (const [, flow] of all) {
      expect(validateFlow(flow.content, flow.type)).toEqual([]);
      // Headroom under Connect's limit (the distribution inbound flow, with the order centre, is the largest).
      expect(JSON.stringify(flow.content).length).toBeLessThan(MAX_CONTENT_CHARS / 2);
      expect(flow.name).toMatch(new RegExp(`^${id} `));
      expect(flow.description.length).toBeLessThanOrEqual(500);
    }
  });

  describe('inbound', () => {
    it('logs, sets the Mandarin voice and language, then looks the caller up (3 s, phone number, string map)', () => {
      expect(inbound.StartAction).toBe('Flow logging');
      expect(
        chain(inbound, 'Flow logging')
          .slice(0, 5)
          .map((a) => a.Type),
      ).toEqual([
        'UpdateFlowLoggingBehavior',
        'UpdateContactTextToSpeechVoice',
        'UpdateContactData',
        // callerNumber for the workspace's screen pop (test/unit/caller-number.test.ts)
        'UpdateContactAttributes',
        'InvokeLambdaFunction',
      ]);
      expect(get(inbound, 'Flow logging').Parameters).toEqual({ FlowLoggingBehavior: 'Enabled' });
      expect(get(inbound, 'Voice').Parameters).toEqual({
        TextToSpeechVoice: 'Zhiyu',
        TextToSpeechEngine: 'Neural',
      });
      expect(get(inbound, 'Language').Parameters).toEqual({ LanguageCode: 'zh-CN' });
      expect(get(inbound, 'Lookup caller').Parameters).toEqual({
        LambdaFunctionARN: LOOKUP_ARN,
        InvocationTimeLimitSeconds: '3',
        LambdaInvocationAttributes: { phoneNumber: '$.CustomerEndpoint.Address' },
        ResponseValidation: { ResponseType: 'STRING_MAP' },
      });
    });

    it('copies every key of the lookup answer into contact attributes', () => {
      const expected = Object.fromEntries(
        LookupResponseSchema.keyof().options.map((k) => [k, `$.External.${k}`]),
      );
      expect(LOOKUP_ATTRIBUTE_KEYS).toEqual(LookupResponseSchema.keyof().options);
      expect(get(inbound, 'Save caller').Parameters).toEqual({
        Attributes: expected,
        TargetContact: 'Current',
      });
    });

    it('goes on as an unknown caller when the lookup fails: never drops the call', () => {
      expect(onError(get(inbound, 'Lookup caller'))).toBe('Lookup failed');
      expect(onError(get(inbound, 'Save caller'))).toBe('Lookup failed');
      const failed = get(inbound, 'Lookup failed');
      expect(failed.Parameters).toEqual({ Attributes: { lookupStatus: 'error' }, TargetContact: 'Current' });
      expect(failed.Transitions.NextAction).toBe('Welcome');
      expect(onError(failed)).toBe('Welcome');
    });

    it('speaks English to callers whose language is en-US: Joanna, en-US and English prompts', () => {
      const language = get(inbound, 'Caller language?');
      expect(language.Parameters).toEqual({ ComparisonValue: '$.Attributes.language' });
      expect(when(language, 'en-US')).toBe('Voice en-US');
      expect(language.Transitions.NextAction).toBe('Blocked?');
      expect(get(inbound, 'Voice en-US').Parameters).toEqual({
        TextToSpeechVoice: 'Joanna',
        TextToSpeechEngine: 'Neural',
      });
      expect(get(inbound, 'Language en-US').Parameters).toEqual({ LanguageCode: 'en-US' });
      expect(get(inbound, 'Language en-US').Transitions.NextAction).toBe('Blocked? en-US');
    });

    it('says zh-CN prompts by default and en-US ones only on the en-US path', () => {
      expect(get(inbound, 'Welcome').Parameters.Text).toBe(profile.prompts['zh-CN'].welcome);
      expect(get(inbound, 'Welcome en-US').Parameters.Text).toBe(profile.prompts['en-US'].welcome);
      const spoken = inbound.Actions.filter((a) => texts(a).length > 0);
      expect(spoken.length).toBeGreaterThan(20);
      for (const action of spoken) {
        const english = action.Identifier.endsWith(' en-US');
        for (const text of texts(action)) {
          // A path alone (`$.External.prompt`: the Lambda's answer, in the caller's language) says nothing itself.
          if (text.replace(/\$\.[A-Za-z]+\.[A-Za-z0-9]+/g, '').trim() === '') continue;
          expect(CJK.test(text), `${action.Identifier}: ${text}`).toBe(!english);
        }
      }
    });

    it('refuses blocked callers politely and hangs up, in their language', () => {
      for (const suffix of ['', ' en-US']) {
        const blocked = get(inbound, `Blocked?${suffix}`);
        expect(blocked.Parameters).toEqual({ ComparisonValue: '$.Attributes.blocked' });
        const target = when(blocked, 'true');
        expect(target).toBe(`Blocked${suffix}`);
        const path = chain(inbound, target ?? '');
        expect(path.map((a) => a.Type)).toEqual([
          'MessageParticipant',
          'MessageParticipant',
          'DisconnectParticipant',
        ]);
        expect(path[0]?.Parameters.Text).toBe(profile.prompts[suffix ? 'en-US' : 'zh-CN'].blocked);
        expect(blocked.Transitions.NextAction).toBe(`Welcome${suffix}`);
      }
    });

    it('checks the entry hours and says the after-hours message before hanging up', () => {
      const open = get(inbound, 'Open?');
      expect(open.Parameters).toEqual({ HoursOfOperationId: refs.hours[profile.hoursForEntry] });
      expect(when(open, 'True')).toBe(profile.authenticateByCard ? 'Card number' : 'VIP?');
      expect(when(open, 'False')).toBe('After hours');
      expect(onError(open)).toBe(when(open, 'True'));
      // Then the voicemail offer (F15): a complaint or a message; no key or another key: goodbye.
      expect(chain(inbound, 'After hours').map((a) => a.Identifier)).toEqual([
        'After hours',
        'Voicemail offer',
        'Goodbye',
        'Hang up',
      ]);
      const offer = get(inbound, 'Voicemail offer');
      expect(when(offer, '1')).toBe('Voicemail complaint');
      expect(when(offer, '2')).toBe('Voicemail message');
      expect(onError(offer, 'InputTimeLimitExceeded')).toBe('Goodbye');
      // The ticket first (its number is read before the tone), then the customer's recording, IVR included.
      expect(get(inbound, 'Voicemail message').Parameters.LambdaInvocationAttributes).toMatchObject({
        category: 'voicemail',
        voicemail: 'true',
        queueName: '$.Queue.Name',
      });
      expect(get(inbound, 'Record voicemail').Parameters).toEqual({
        RecordingBehavior: { RecordedParticipants: ['Customer'], IVRRecordingBehavior: 'Enabled' },
      });
    });

    it('gives VIPs priority 1, then their dedicated agent if available, else the VIP queue', () => {
      const vip = get(inbound, 'VIP?');
      expect(vip.Parameters).toEqual({ ComparisonValue: '$.Attributes.vip' });
      expect(when(vip, 'true')).toBe('VIP priority');
      expect(vip.Transitions.NextAction).toBe('Repeat caller?');
      const priority = get(inbound, 'VIP priority');
      expect(priority).toMatchObject({
        Type: 'UpdateContactRoutingBehavior',
        Parameters: { QueuePriority: '1' },
      });
      const free = get(inbound, priority.Transitions.NextAction ?? '');
      expect(free).toMatchObject({
        Type: 'CheckMetricData',
        Parameters: { MetricType: 'NumberOfAgentsAvailable', AgentId: '$.Attributes.dedicatedAgentId' },
      });
      expect(when(free, '0', 'NumberGreaterThan')).toBe('Dedicated agent');
      expect(free.Transitions.NextAction).toBe('VIP line');
      expect(onError(free)).toBe('VIP line');
      expect(get(inbound, 'Dedicated agent').Parameters).toEqual({
        AgentId: '$.Attributes.dedicatedAgentId',
      });
      const line = get(inbound, 'VIP line');
      expect(line.Parameters).toEqual({ QueueId: refs.queues[profile.vipQueue] });
      expect(line.Transitions.NextAction).toBe('VIP line open?');
      expect(onError(line)).toBe('Menu');
      // Outside the VIP line's hours the VIP (still priority 1) gets the menu.
      const open = get(inbound, 'VIP line open?');
      expect(when(open, 'True')).toBe('Connecting');
      expect(when(open, 'False')).toBe('Menu');
    });

    it('sends a repeat caller to their last agent if available, else to the menu', () => {
      const repeat = get(inbound, 'Repeat caller?');
      expect(repeat.Parameters).toEqual({ ComparisonValue: '$.Attributes.recentContactCount' });
      expect(when(repeat, '0', 'NumberGreaterThan')).toBe('Last agent free?');
      expect(repeat.Transitions.NextAction).toBe('Menu');
      const free = get(inbound, 'Last agent free?');
      expect(free.Parameters).toEqual({
        MetricType: 'NumberOfAgentsAvailable',
        AgentId: '$.Attributes.lastAgentId',
      });
      // A profile with urgent keys (roadside rescue) offers them first (issue 12).
      expect(when(free, '0', 'NumberGreaterThan')).toBe(
        lastAgentOfferText(profile, 'zh-CN') ? 'Last agent offer' : 'Last agent',
      );
      expect([free.Transitions.NextAction, onError(free)]).toEqual(['Menu', 'Menu']);
      expect(get(inbound, 'Last agent').Parameters).toEqual({ AgentId: '$.Attributes.lastAgentId' });
    });

    it('reads the whole menu and routes every key to its queue', () => {
      for (const [suffix, language] of [
        ['', 'zh-CN'],
        [' en-US', 'en-US'],
      ] as const) {
        const menu = get(inbound, `Menu${suffix}`);
        expect(menu.Parameters).toEqual({
          Text: menuText(profile, language),
          StoreInput: 'False',
          InputTimeLimitSeconds: String(profile.menuTimeoutSeconds),
        });
        expect(menu.Transitions.Conditions).toHaveLength(profile.menu.length);
        for (const option of profile.menu) {
          expect(menuText(profile, language)).toContain(option.label[language]);
          // The order centre's keys (ordering, history) check authentication first, then the agent's queue.
          const key = when(menu, option.key) ?? '';
          // Spoken FAQ answers (issue 14, a flow module): its error branch goes to the option's queue (or branch).
          const raw = key.startsWith('FAQ')
            ? (get(inbound, key).Transitions.Errors?.[0]?.NextAction ?? '')
            : key;
          const target =
            raw.startsWith('Order authenticated?') || raw.startsWith('History authenticated?')
              ? (get(inbound, raw).Transitions.NextAction ?? '')
              : raw;
          // The ticket submenu (issue 5, a flow module) goes on to the option's queue; so does its error branch.
          // Pickup booking (issue 12): a failing offer apologises, then goes to the option's queue.
          // Repair booking likewise; lead capture's interest menu sends 0 to the option's queue.
          const viaPickup =
            target.startsWith('Pickup offer') || target.startsWith('Repair offer')
              ? get(inbound, get(inbound, target).Transitions.Errors?.[0]?.NextAction ?? '').Transitions
                  .NextAction
              : target.startsWith('Lead interest')
                ? get(inbound, when(get(inbound, target), '0') ?? '').Transitions.NextAction
                : undefined;
          // Waybill tracking (issue 12): 0# at the waybill entry goes to the option's queue.
          const viaTracking = target.startsWith('Waybill')
            ? get(inbound, when(get(inbound, get(inbound, target).Transitions.NextAction ?? ''), '0') ?? '')
                .Transitions.NextAction
            : undefined;
          const queueStep = viaPickup
            ? viaPickup
            : viaTracking
              ? viaTracking
              : option.branchFirst || target.startsWith('Ticket menu')
                ? option.branchFirst
                  ? get(inbound, target).Transitions.NextAction
                  : get(inbound, target).Transitions.Errors?.[0]?.NextAction
                : target;
          // A branch-first key (issue 12, the carrier's desks) that reaches an agent through self-service: its
          // branch choice, whose default is the option's own queue.
          const central = queueStep?.startsWith('Branch or')
            ? get(inbound, queueStep).Transitions.NextAction
            : queueStep;
          expect(central, `key ${option.key}`).toBe(`Queue ${option.queue}${suffix}`);
          expect(get(inbound, central ?? '').Parameters).toEqual({ QueueId: refs.queues[option.queue] });
        }
      }
    });

    it('re-prompts on no key or a wrong key, menuRetries times, then sends the caller to the general queue', () => {
      const menu = get(inbound, 'Menu');
      expect(onError(menu, 'InputTimeLimitExceeded')).toBe('No input');
      expect(onError(menu, 'NoMatchingCondition')).toBe('Invalid key');
      expect(get(inbound, 'No input').Parameters.Text).toBe(profile.prompts['zh-CN'].menuNoInput);
      expect(get(inbound, 'Invalid key').Parameters.Text).toBe(profile.prompts['zh-CN'].menuInvalid);
      for (const step of ['No input', 'Invalid key']) {
        expect(get(inbound, step).Transitions.NextAction).toBe('Menu retries');
      }
      const retries = get(inbound, 'Menu retries');
      expect(retries.Parameters).toEqual({ LoopCount: String(profile.menuRetries) });
      expect(when(retries, 'ContinueLooping')).toBe('Menu');
      expect(when(retries, 'DoneLooping')).toBe(`Queue ${profile.generalQueue}`);
    });

    it("checks the queue's hours, records, hooks the queue, whisper and survey flows in and transfers", () => {
      const queued = get(inbound, `Queue ${profile.generalQueue}`).Transitions.NextAction ?? '';
      expect(queued).toBe('Queue open?');
      const hours = get(inbound, queued);
      expect(hours.Parameters).toEqual({});
      expect(when(hours, 'False')).toBe('Queue closed');
      expect(chain(inbound, 'Queue closed').map((a) => a.Identifier)).toEqual([
        'Queue closed',
        'Voicemail offer',
        'Goodbye',
        'Hang up',
      ]);
      expect(onError(hours)).toBe('Connecting');
      const path = chain(inbound, when(hours, 'True') ?? '').slice(0, 6);
      expect(path.map((a) => a.Identifier)).toEqual([
        'Connecting',
        'Recording',
        'Queue flow',
        'Whisper flow',
        'Survey flow',
        'Transfer',
      ]);
      expect(path[1]?.Parameters).toEqual({
        RecordingBehavior: { RecordedParticipants: ['Agent', 'Customer'] },
      });
      expect(path[2]?.Parameters).toEqual({ EventHooks: { CustomerQueue: refs.flows.customerQueue } });
      expect(path[3]?.Parameters).toEqual({ EventHooks: { AgentWhisper: refs.flows.agentWhisper } });
      expect(path[4]?.Parameters).toEqual({ EventHooks: { CustomerRemaining: refs.flows.survey } });
      const transfer = get(inbound, 'Transfer');
      expect(transfer.Type).toBe('TransferContactToQueue');
      expect(onError(transfer, 'QueueAtCapacity')).toBe('Queue full');
      expect(onError(transfer)).toBe('Sorry');
      for (const apology of ['Queue full', 'Sorry']) {
        expect(chain(inbound, apology).at(-1)?.Type).toBe('DisconnectParticipant');
      }
    });

    it('keeps identifiers readable', () => {
      for (const action of inbound.Actions) expect(action.Identifier).toMatch(/^[A-Z][A-Za-z0-9 ?-]{0,49}$/);
    });
  });

  describe('customer queue', () => {
    it('tells how many wait, loops the hold message and offers a callback every holdInterruptSeconds', () => {
      expect(get(queueFlow, 'Voice').Parameters).toEqual({
        TextToSpeechVoice: 'Zhiyu',
        TextToSpeechEngine: 'Neural',
      });
      expect(get(queueFlow, 'Voice en-US').Parameters.TextToSpeechVoice).toBe('Joanna');
      expect(get(queueFlow, 'Queue metrics').Type).toBe('GetMetricData');
      const others = get(queueFlow, 'Others waiting?');
      expect(others.Parameters).toEqual({ ComparisonValue: '$.Metrics.Queue.Size' });
      expect(when(others, '1', 'NumberGreaterThan')).toBe('Queue status');
      expect(get(queueFlow, 'Queue status').Parameters.Text).toContain('$.Metrics.Queue.Size');
      const hold = get(queueFlow, 'Hold');
      expect(Number(hold.Parameters.InterruptFrequencySeconds)).toBeGreaterThanOrEqual(30);
      expect(hold.Parameters.InterruptFrequencySeconds).toBe(String(profile.holdInterruptSeconds));
      expect(texts(hold).join()).toContain(profile.prompts['zh-CN'].hold);
      expect(when(hold, 'MessagesInterrupted')).toBe('Callback possible?');
      expect(get(queueFlow, onError(hold) ?? '').Type).toBe('EndFlowExecution');
    });

    it('books a callback on 1, confirms and hangs up; anything else goes back to holding', () => {
      const possible = get(queueFlow, 'Callback possible?');
      expect(when(possible, 'true')).toBe('Hold');
      expect(possible.Transitions.NextAction).toBe('Offer callback');
      const offer = get(queueFlow, 'Offer callback');
      expect(offer.Parameters.Text).toBe(queueOfferText(profile, 'zh-CN'));
      expect(when(offer, '2')).toBe('Voicemail message');
      expect(when(offer, '1')).toBe('Book callback');
      for (const type of ['InputTimeLimitExceeded', 'NoMatchingCondition', 'NoMatchingError']) {
        expect(onError(offer, type)).toBe('Hold');
      }
      expect(get(queueFlow, 'Book callback')).toMatchObject({
        Type: 'CreateCallbackContact',
        Parameters: {
          InitialCallDelaySeconds: String(profile.callback.initialDelaySeconds),
          MaximumConnectionAttempts: String(profile.callback.maxAttempts),
          RetryDelaySeconds: String(profile.callback.retryDelaySeconds),
        },
      });
      expect(onError(get(queueFlow, 'Book callback'))).toBe('Hold');
      expect(chain(queueFlow, 'Book callback').map((a) => a.Type)).toEqual([
        'CreateCallbackContact',
        'MessageParticipant',
        'MessageParticipant',
        'DisconnectParticipant',
      ]);
    });
  });

  describe('agent whisper', () => {
    it("reads the caller's name, tier, VIP, open tickets and last contact from attributes, then ends", () => {
      expect(get(whisper, 'Voice').Parameters.TextToSpeechVoice).toBe('Zhiyu');
      expect(when(get(whisper, 'Known caller?'), 'true')).toBe('VIP caller?');
      expect(get(whisper, 'Known caller?').Transitions.NextAction).toBe('Unknown caller');
      expect(get(whisper, 'VIP caller?').Parameters).toEqual({ ComparisonValue: '$.Attributes.vip' });
      expect(when(get(whisper, 'VIP caller?'), 'true')).toBe('VIP notice');
      const summary = String(get(whisper, 'Caller summary').Parameters.Text);
      for (const key of ['displayName', 'tier', 'openTickets'])
        expect(summary).toContain(`$.Attributes.${key}`);
      expect(get(whisper, 'Last contact').Parameters.Text).toContain('$.Attributes.lastContactAt');
      expect(when(get(whisper, 'Repeat caller?'), '0', 'NumberGreaterThan')).toBe('Last contact');
      expect(get(whisper, 'End whisper')).toMatchObject({ Type: 'EndFlowExecution', Transitions: {} });
      for (const action of whisper.Actions) {
        for (const text of texts(action)) expect(CJK.test(text), text).toBe(true);
      }
    });
  });
});

describe('distribution: card number and branches', () => {
  const profile = getProfile('distribution');
  const refs = fakeRefs(profile);
  const inbound = buildInboundFlow(profile, refs);

  it('asks for the card number (# ends it, at most cardNumberMaxLength digits) and keeps it as cardNumber', () => {
    const card = get(inbound, 'Card number');
    expect(card.Parameters).toEqual({
      Text: profile.prompts['zh-CN'].cardNumber,
      StoreInput: 'True',
      InputTimeLimitSeconds: '8',
      InputValidation: { CustomValidation: { MaximumLength: '12' } },
      DTMFConfiguration: { InputTerminationSequence: '#' },
    });
    // Then `0#` for an agent, else saved and checked by the authenticateCard Lambda (order-centre.ts).
    expect(card.Transitions.NextAction).toBe('Card number?');
    expect(onError(card)).toBe('VIP?');
    expect(get(inbound, 'Card number?').Transitions.NextAction).toBe('Card number save');
    expect(get(inbound, 'Card number save').Transitions.NextAction).toBe('Check card');
    expect(get(inbound, 'Card number save').Parameters).toEqual({
      Attributes: { cardNumber: '$.StoredCustomerInput' },
      TargetContact: 'Current',
    });
  });

  it("routes orders and key 0 to the caller's branch when the lookup names one", () => {
    const menu = get(inbound, 'Menu');
    // Key 1 orders by IVR once the card is authenticated; otherwise (and for an agent) the branch or orders.
    expect(when(menu, '1')).toBe('Order authenticated?');
    expect(get(inbound, 'Order authenticated?').Transitions.NextAction).toBe('Branch or orders');
    expect(when(menu, '0')).toBe('Branch or general');
    expect(when(menu, '3')).toBe('Ticket menu');
    const branch = get(inbound, 'Branch or orders');
    expect(branch.Parameters).toEqual({ ComparisonValue: '$.Attributes.queueHint' });
    for (const queue of Object.values(profile.branchQueues)) {
      expect(when(branch, queue)).toBe(`Queue ${queue}`);
      expect(get(inbound, `Queue ${queue}`).Parameters).toEqual({ QueueId: refs.queues[queue] });
    }
    expect(branch.Transitions.NextAction).toBe('Queue orders');
  });

  it('asks no card number in the other profiles', () => {
    for (const id of PROFILE_IDS.filter((p) => p !== 'distribution')) {
      const p = getProfile(id);
      const doc = buildInboundFlow(p, fakeRefs(p));
      expect(doc.Actions.some((a) => a.Identifier.startsWith('Card number'))).toBe(false);
      // The carrier routes to branch desks too (issue 12); the other profiles have no branch queues.
      const branches = Object.keys(p.branchQueues).length > 0;
      expect(doc.Actions.some((a) => a.Identifier.startsWith('Branch or'))).toBe(branches);
    }
  });
});

describe('flow builders', () => {
  const profile = getProfile('auto-dealer');

  it('make the given language the primary one', () => {
    const doc = buildInboundFlow(profile, fakeRefs(profile), 'en-US');
    expect(get(doc, 'Welcome').Parameters.Text).toBe(profile.prompts['en-US'].welcome);
    expect(get(doc, 'Welcome zh-CN').Parameters.Text).toBe(profile.prompts['zh-CN'].welcome);
    expect(get(doc, 'Voice').Parameters.TextToSpeechVoice).toBe('Joanna');
    expect(when(get(doc, 'Caller language?'), 'zh-CN')).toBe('Voice zh-CN');
  });

  it('say which ref is missing', () => {
    const refs = fakeRefs(profile);
    const { vip: _, ...queues } = refs.queues;
    expect(() => buildInboundFlow(profile, { ...refs, queues })).toThrow(/no queue "vip"/);
  });

  it('leave CDK tokens untouched', () => {
    const token = Lazy.string({ produce: () => LOOKUP_ARN });
    const refs = {
      ...fakeRefs(profile),
      lambdas: { ...fakeRefs(profile).lambdas, callerLookup: token },
    };
    const doc = buildInboundFlow(profile, refs);
    expect(get(doc, 'Lookup caller').Parameters.LambdaFunctionARN).toBe(token);
  });

  it('build for the local contact centre from the registry and local ARNs', () => {
    expect(localFunctionArn('callerLookup')).toBe(
      'arn:aws:lambda:local:000000000000:function:hotline-caller-lookup',
    );
    const refs = localFlowRefs(profile);
    expect(refs.lambdas).toEqual(localFunctionArns());
    const flows = buildProfileFlows(profile, refs);
    expect(get(flows.inbound.content, 'Lookup caller').Parameters.LambdaFunctionARN).toBe(
      localFunctionArn('callerLookup'),
    );
    expect(get(flows.inbound.content, 'Queue flow').Parameters.EventHooks).toEqual({
      CustomerQueue:
        'arn:aws:connect:local:000000000000:instance/hotline-local/contact-flow/auto-dealer-customer-queue',
    });
  });

  it('compose the auto-dealer menu as the seed article reads it', () => {
    expect(menuText(profile, 'zh-CN')).toBe(
      '请选择您需要的服务。预约维修保养请按1。保险理赔请按2。道路救援请按3。车友会服务请按5。投诉与建议请按6。人工服务请按0。',
    );
    expect(menuText(profile, 'en-US')).toMatch(
      /^Please choose a service\. For repair and maintenance booking, press 1\. /,
    );
  });
});
