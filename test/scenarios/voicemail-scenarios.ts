/**
 * Voicemail scenarios of a profile (F15): after hours (a complaint or a message), the chosen queue closed, and
 * from the hold loop, through the real flows and the real createTicket handler on DynamoDB Local, in both
 * languages. Every transition voicemail.ts adds to the inbound and customer queue flows is taken here (the
 * coverage check that follows in each profile's file holds them to their floors). The message's transcript is
 * attached after the call (post-call path): test/integration/voicemail.e2e.test.ts.
 * Calls get a unique ContactId: the ticket is idempotent per ContactId, so the error sweep's replays find it.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ticketMenuOption } from '../../contact-flows/flows/ticket-menu.js';
import { voicemailOfferText, voicemailToneSsml } from '../../contact-flows/flows/voicemail.js';
import { knowledgeOf } from '../../contact-flows/profiles/knowledge.js';
import { ticketingOf } from '../../contact-flows/profiles/ticketing.js';
import { voicemailOf } from '../../contact-flows/profiles/voicemail.js';
import type { LambdaInvoker } from '../../contact-flows/runtime/lambda.js';
import { DynamoTicketRepository } from '../../functions/adapters/dynamodb/ticket-repository.js';
import { normalizePhone } from '../../functions/core/phone.js';
import { spokenTicketId } from '../../functions/core/tickets.js';
import { degradedTicket } from '../../functions/create-ticket/handler.js';
import { LANGUAGES } from '../../schemas/profile.js';
import { CreateTicketResponseSchema } from '../../schemas/ticket.js';
import { closeHours, type ScenarioCall, type ScenarioResult } from '../support/scenario-harness.js';
import { type Caller, everyAgent, idIn, keys, type ScenarioFile, speech } from './profile-scenarios.js';

const throws: LambdaInvoker = () => {
  throw new Error('Runtime.HandlerTimeout: simulated crash');
};
const degraded: LambdaInvoker = () => degradedTicket();

/** What the caller says after the tone. */
const MESSAGE = {
  'zh-CN': '快递三天没有送到，请给我回电话',
  'en-US': 'My parcel is three days late, please call me back',
};

function ticketOf(r: ScenarioResult) {
  const call = r.lambdas.find((l) => l.name.endsWith('create-ticket'));
  return CreateTicketResponseSchema.parse(call?.response);
}

export function voicemailScenarios(file: ScenarioFile): void {
  const { profile, spec } = file;
  const vm = voicemailOf(profile.id);
  const { tickets: ticketing } = ticketingOf(profile.id);
  const categoryOf = (key: string) => ticketing.categories.find((c) => c.key === key);
  // The key straight to the general queue (not the spoken FAQ key, whose 0 also reaches it).
  const faqKey = knowledgeOf(profile.id).ivrFaq?.menuKey;
  const generalKey =
    profile.menu.find((o) => o.queue === profile.generalQueue && o.key !== faqKey)?.key ?? '0';
  const queueName = (key: string) => profile.queues.find((q) => q.key === key)?.name;
  const submenu = (key: string): null[] => (ticketMenuOption(profile)?.key === key ? [null] : []);

  describe.each(LANGUAGES)(`${profile.id}: voicemail, callers whose language is %s`, (language) => {
    const t = profile.prompts[language];
    const p = vm.prompts[language];
    // Callers of their own: the tickets change nobody else's lookup (open tickets in the whisper).
    const caller: Caller = {
      dial: language === profile.defaultLanguage ? '+8613977770001' : '+8613977770002',
    };
    const number = normalizePhone(caller.dial, profile.phoneRegion);
    const e164 = number.kind === 'e164' ? number.e164 : '';
    const id = (name: string) => idIn(profile, name, language);
    const offer = voicemailOfferText(profile, language);
    const inbound = () => file.centre().flowArn('inbound');
    const queueFlow = () => file.centre().flowArn('customerQueue');
    const afterHours: Partial<ScenarioCall> =
      'at' in spec.afterHours
        ? { at: spec.afterHours.at }
        : { setup: (c, pr) => closeHours(c, pr, pr.hoursForEntry) };
    /** An after-hours call: the offer gets `inputs` (after the welcome, no card number or menu). */
    const night = (inputs: (string | null)[], extra: Partial<ScenarioCall> = {}) =>
      file.centre().call({ contactId: randomUUID(), from: caller.dial, inputs, ...afterHours, ...extra });
    const heardAtNight = [t.welcome, t.afterHours, offer];
    const repo = () => {
      const { tables } = file.centre();
      return new DynamoTicketRepository(
        tables.doc,
        tables.env.TICKETS_TABLE_NAME ?? '',
        tables.env.CRM_TABLE_NAME ?? '',
      );
    };
    /** The ticket the call opened, and what the caller heard from the tone on (the number digit by digit, twice). */
    const recorded = (r: ScenarioResult) => {
      const answer = ticketOf(r);
      const said = (text: string) =>
        text.replace('$.External.ticketIdSpoken', spokenTicketId(answer.ticketId));
      return { answer, heard: [said(speech(voicemailToneSsml(profile, language))), said(p.saved)] };
    };

    beforeAll(async () => {
      // The en-US caller is a customer whose language is en-US (the lookup switches the flow to English).
      if (language === profile.defaultLanguage) return;
      await file.centre().tables.crm.saveCustomer(
        {
          customerId: 'VOICEMAIL-EN',
          name: 'Voicemail Tester',
          phones: [e164],
          tier: 'standard',
          vip: false,
          language,
        },
        undefined,
        new Date(),
      );
    });

    it('after hours, a message: the ticket number digit by digit, the tone, the message, for the general queue', async () => {
      const r = await night([vm.messageKey, MESSAGE[language]]);
      const { answer, heard } = recorded(r);
      expect(answer.ticketStatus).toBe('ok');
      expect(spokenTicketId(answer.ticketId)).toMatch(/^T, \d( \d){7}, \d( \d){3,}$/);
      expect(r.prompts.map(speech)).toEqual([...heardAtNight, ...heard, t.goodbye]);
      expect(r.outcome.type).toBe('disconnected');
      // Recorded from the tone on (automated-interaction recording of the customer): the CTR has the recording.
      expect(r.ctr.Recording?.Location).toContain(r.ctr.ContactId);
      const ticket = await repo().get(answer.ticketId);
      expect(ticket).toMatchObject({
        category: vm.category,
        department: vm.departments[profile.generalQueue],
        status: 'new',
        source: 'ivr',
        phone: e164,
        contactId: r.ctr.ContactId,
        language,
        voicemail: { status: 'awaiting' },
      });
    });

    it('after hours, a complaint (round-the-clock intake): a ticket of the complaint category; # ends the message', async () => {
      const r = await night([vm.complaintKey, '#']);
      const { answer, heard } = recorded(r);
      expect(r.prompts.map(speech)).toEqual([...heardAtNight, ...heard, t.goodbye]);
      const ticket = await repo().get(answer.ticketId);
      expect(ticket).toMatchObject({
        category: vm.complaintCategory,
        department: categoryOf(vm.complaintCategory)?.department,
        priority: categoryOf(vm.complaintCategory)?.priority,
        voicemail: { status: 'awaiting' },
      });
    });

    it('a queue outside its hours: the message goes to that queue’s department; a key during the message ends it', async () => {
      const { at, key } = spec.queueClosed;
      const option = profile.menu.find((o) => o.key === key);
      const r = await file.centre().call({
        contactId: randomUUID(),
        at,
        from: caller.dial,
        // The ticket submenu of that key, if any, times out (on to the queue, closed).
        inputs: keys(profile, caller, key, ...submenu(key), vm.messageKey, '5'),
      });
      const answer = ticketOf(r);
      expect(r.prompts.slice(-3).map(speech)).toEqual([...recorded(r).heard, t.goodbye]);
      const ticket = await repo().get(answer.ticketId);
      expect(ticket?.voicemail?.queue).toBe(queueName(option?.queue ?? ''));
      expect(ticket?.department).toBe(
        vm.departments[option?.queue ?? ''] ?? categoryOf(vm.category)?.department,
      );
    });

    it.each([
      ['no key', null],
      ['another key', '9'],
    ])('the offer, %s: goodbye, no ticket', async (_w, k) => {
      const r = await night([k]);
      expect(r.prompts).toEqual([...heardAtNight, t.goodbye]);
      expect(r.lambdas.some((l) => l.name.endsWith('create-ticket'))).toBe(false);
    });

    it('the offer fails: goodbye', async () => {
      const r = await night([vm.messageKey], {
        faults: [{ flow: inbound(), action: id('Voicemail offer'), error: 'NoMatchingError' }],
      });
      expect(r.prompts).toEqual([t.welcome, t.afterHours, t.goodbye]);
    });

    it.each(['Voicemail complaint', 'Voicemail message'])(
      'opening the ticket fails (%s): an apology',
      async (a) => {
        const r = await night([a === 'Voicemail complaint' ? vm.complaintKey : vm.messageKey], {
          faults: [{ flow: inbound(), action: id(a), error: 'NoMatchingError' }],
        });
        expect(r.prompts).toEqual([...heardAtNight, t.error, t.goodbye]);
        expect(r.ctr.Recording).toBeNull();
      },
    );

    it.each([
      ['throws', throws],
      ['answers degraded', degraded],
    ])('the createTicket Lambda %s: an apology, nothing recorded', async (_why, stub) => {
      const r = await night([vm.messageKey, MESSAGE[language]], { lambdas: { createTicket: stub } });
      expect(r.prompts).toEqual([...heardAtNight, t.error, t.goodbye]);
      expect(r.ctr.Recording).toBeNull();
    });

    it('the recording prompt fails: the message is still taken', async () => {
      const r = await night([vm.messageKey, MESSAGE[language]], {
        faults: [{ flow: inbound(), action: id('Voicemail tone'), error: 'NoMatchingError' }],
      });
      expect(r.prompts.slice(-2).map(speech)).toEqual([recorded(r).heard[1], t.goodbye]);
    });

    describe('from the hold loop (no agent free)', () => {
      const inQueue = (inputs: (string | null)[], extra: Partial<ScenarioCall> = {}) =>
        file.centre().call({
          contactId: randomUUID(),
          from: caller.dial,
          agents: everyAgent(profile, 'Offline'),
          inputs: keys(profile, caller, generalKey, vm.queueKey, ...inputs),
          ...extra,
        });

      it('the caller presses the voicemail key: a message for the queue’s department, then goodbye', async () => {
        const r = await inQueue([MESSAGE[language]]);
        const { answer, heard } = recorded(r);
        expect(r.prompts.slice(-3).map(speech)).toEqual([...heard, t.goodbye]);
        const ticket = await repo().get(answer.ticketId);
        expect(ticket).toMatchObject({
          category: vm.category,
          department: vm.departments[profile.generalQueue],
          voicemail: { status: 'awaiting', queue: queueName(profile.generalQueue) },
        });
        expect(r.path).toContainEqual(
          expect.objectContaining({
            flow: queueFlow(),
            action: id('Offer callback'),
            branch: 'Condition:Equals 2',
          }),
        );
      });

      it('# ends the message', async () => {
        const r = await inQueue(['#']);
        expect(r.prompts.slice(-2).map(speech)).toEqual([recorded(r).heard[1], t.goodbye]);
      });

      it('another key ends the message', async () => {
        const r = await inQueue(['5']);
        expect(r.prompts.slice(-2).map(speech)).toEqual([recorded(r).heard[1], t.goodbye]);
      });

      it('the recording prompt fails: the message is still taken', async () => {
        const r = await inQueue([MESSAGE[language]], {
          faults: [{ flow: queueFlow(), action: id('Voicemail tone'), error: 'NoMatchingError' }],
        });
        expect(r.prompts.slice(-2).map(speech)).toEqual([recorded(r).heard[1], t.goodbye]);
      });

      it('opening the ticket fails: an apology, then goodbye', async () => {
        const r = await inQueue([], {
          faults: [{ flow: queueFlow(), action: id('Voicemail message'), error: 'NoMatchingError' }],
        });
        expect(r.prompts.slice(-2)).toEqual([p.failed, t.goodbye]);
      });

      it.each([
        ['throws', throws],
        ['answers degraded', degraded],
      ])('the createTicket Lambda %s: an apology, then goodbye', async (_why, stub) => {
        const r = await inQueue([], { lambdas: { createTicket: stub } });
        expect(r.prompts.slice(-2)).toEqual([p.failed, t.goodbye]);
      });
    });
  });
}
