/**
 * Ticket scenarios of a profile (issue 5): the IVR's ticket submenu through the real flows and the real
 * createTicket handler on DynamoDB Local, in both languages. Every transition the submenu adds to the inbound
 * flow is taken here (the coverage check that follows in each profile's file holds it to 100%).
 * Each profile's test file calls `ticketScenarios(file)` before its coverage block.
 * Calls get a unique ContactId (the harness's are deterministic, the same in every call), as Connect's are: ticket
 * creation is idempotent per ContactId and category, and a replay of a call (the error sweep) finds its ticket.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { menuText } from '../../contact-flows/flows/index.js';
import { ticketMenuOption, ticketMenuText } from '../../contact-flows/flows/ticket-menu.js';
import { voicemailOfferText } from '../../contact-flows/flows/voicemail.js';
import { ticketingOf } from '../../contact-flows/profiles/ticketing.js';
import type { LambdaInvoker } from '../../contact-flows/runtime/lambda.js';
import { DynamoTicketRepository } from '../../functions/adapters/dynamodb/ticket-repository.js';
import { readOutbox } from '../../functions/adapters/local/outbox.js';
import { normalizePhone } from '../../functions/core/phone.js';
import { spokenTicketId } from '../../functions/core/tickets.js';
import { degradedTicket } from '../../functions/create-ticket/handler.js';
import { LANGUAGES } from '../../schemas/profile.js';
import { CreateTicketResponseSchema } from '../../schemas/ticket.js';
import { closeQueue, type ScenarioCall, type ScenarioResult } from '../support/scenario-harness.js';
import { type Caller, idIn, keys, opening, type ScenarioFile } from './profile-scenarios.js';

const throws: LambdaInvoker = () => {
  throw new Error('Runtime.HandlerTimeout: simulated crash');
};
const degraded: LambdaInvoker = () => degradedTicket();

/** The ticket the createTicket Lambda answered in a call. */
function ticketOf(r: ScenarioResult) {
  const call = r.lambdas.find((l) => l.name.endsWith('create-ticket'));
  return CreateTicketResponseSchema.parse(call?.response);
}

export function ticketScenarios(file: ScenarioFile): void {
  const { profile } = file;
  const option = ticketMenuOption(profile);
  if (!option) return;
  const { tickets: ticketing } = ticketingOf(profile.id);
  const categoryOf = (key: string) => ticketing.categories.find((c) => c.key === key);
  /**
   * Every call finds the option's queue closed: the caller hears the queue-closed message instead of reaching an
   * agent, whose whisper reads `openTickets` (which these calls change, so replays in the error sweep would differ).
   */
  const closed: ScenarioCall['setup'] = (c, p) => closeQueue(c, p, option.queue);
  const wrongKey = ['9', '8', '7', '6', '5', '4'].find(
    (k) => !ticketing.ivr.options.some((o) => o.key === k),
  );
  if (!wrongKey) throw new Error(`${profile.id}: every key is a ticket category`);

  describe.each(LANGUAGES)(
    `${profile.id}: tickets from the IVR, callers whose language is %s`,
    (language) => {
      const t = profile.prompts[language];
      const p = ticketing.ivr.prompts[language];
      // Callers of their own (no other scenario calls them), so the tickets change nobody else's lookup.
      const caller: Caller = {
        dial: language === profile.defaultLanguage ? '+8613911112222' : '+8613911113333',
      };
      const number = normalizePhone(caller.dial, profile.phoneRegion);
      const e164 = number.kind === 'e164' ? number.e164 : '';
      const id = (name: string) => idIn(profile, name, language);
      const heard = [
        ...opening(profile, language),
        menuText(profile, language),
        ticketMenuText(profile, language),
      ];
      const closedQueue = [t.queueClosed, voicemailOfferText(profile, language), t.goodbye];
      const inbound = () => file.centre().flowArn('inbound');
      const ticketModule = () => file.centre().flowArn('ticketMenu');
      const call = (inputs: (string | null)[], extra: Partial<ScenarioCall> = {}) =>
        file.centre().call({
          contactId: randomUUID(),
          from: caller.dial,
          inputs: keys(profile, caller, option.key, ...inputs),
          setup: closed,
          ...extra,
        });
      const repo = () => {
        const { tables } = file.centre();
        return new DynamoTicketRepository(
          tables.doc,
          tables.env.TICKETS_TABLE_NAME ?? '',
          tables.env.CRM_TABLE_NAME ?? '',
        );
      };
      const openTickets = async () => (await file.centre().tables.crm.getPhone(e164))?.openTickets ?? 0;
      /** The read-back of a created ticket, as the caller hears it (b12a: the Lambda's SMS note ends it). */
      const createdText = (answer: ReturnType<typeof ticketOf>) =>
        p.created
          .replace('$.External.ticketIdSpoken', spokenTicketId(answer.ticketId))
          .replace('$.External.smsNote', answer.smsNote);
      const tookQueue = (r: ScenarioResult) =>
        expect(r.path.map((s) => s.action)).toContain(id(`Queue ${option.queue}`));

      beforeAll(async () => {
        // The en-US caller is a customer whose language is en-US (the lookup switches the flow to English).
        if (language === profile.defaultLanguage) return;
        await file.centre().tables.crm.saveCustomer(
          {
            customerId: 'TICKETS-EN',
            name: 'Ticket Tester',
            phones: [e164],
            tier: 'standard',
            vip: false,
            language,
          },
          undefined,
          new Date(),
        );
      });

      it.each(ticketing.ivr.options)(
        'key $key: a $category ticket is created, read back and confirmed by SMS; the next lookup counts it',
        async ({ key, category }) => {
          const before = await openTickets();
          const r = await call([key]);
          const answer = ticketOf(r);
          expect(answer.ticketStatus).toBe('ok');
          const created = createdText(answer);
          if (categoryOf(category)?.transferAfter !== false) {
            // On to the option's queue (closed in these scenarios).
            expect(r.prompts).toEqual([...heard, created, ...closedQueue]);
            tookQueue(r);
          } else {
            expect(r.prompts).toEqual([...heard, created, t.goodbye]);
            expect(r.path.map((s) => s.action)).not.toContain(id(`Queue ${option.queue}`));
          }
          expect(r.outcome.type).toBe('disconnected');
          // The ticket is in the table, with the call's contact and number, routed by the profile's rules.
          const ticket = await repo().get(answer.ticketId);
          expect(ticket).toMatchObject({
            category,
            department: categoryOf(category)?.department,
            status: 'new',
            source: 'ivr',
            phone: e164,
            contactId: r.ctr.ContactId,
            language,
          });
          // The SMS confirmation is in the outbox, in the caller's language.
          const sms = (await readOutbox(file.centre().home)).filter((l) => l.body.includes(answer.ticketId));
          expect(sms.map((l) => l.to)).toEqual([e164]);
          expect(sms[0]?.body).toContain(categoryOf(category)?.label[language]);
          // The lookup item counts it, so the next call's lookup returns it.
          expect(await openTickets()).toBe(before + 1);
          const next = await call(['0']);
          expect(next.attributes.openTickets).toBe(String(before + 1));
        },
      );

      it.each([['0'], [null], [wrongKey]])(
        'submenu input %s: straight to the queue, no ticket',
        async (k) => {
          const r = await call([k]);
          expect(r.prompts).toEqual([...heard, ...closedQueue]);
          tookQueue(r);
          expect(r.lambdas.some((l) => l.name.endsWith('create-ticket'))).toBe(false);
        },
      );

      it('the submenu fails: straight to the queue', async () => {
        // The failing block reads no key: the caller presses nothing more (the voicemail offer times out).
        const r = await call([null], {
          faults: [{ flow: inbound(), action: id('Ticket menu'), error: 'NoMatchingError' }],
        });
        // A failing block plays no prompt.
        expect(r.prompts).toEqual([...heard.slice(0, -1), ...closedQueue]);
        expect(r.lambdas.some((l) => l.name.endsWith('create-ticket'))).toBe(false);
      });

      it('the submenu prompt fails inside the module: the module returns, straight to the queue', async () => {
        // As above: the failing block reads no key, so the caller presses nothing more (a key left over would
        // answer the voicemail offer after the closed queue).
        const r = await call([null], {
          faults: [{ flow: ticketModule(), action: id('Ticket menu'), error: 'NoMatchingError' }],
        });
        expect(r.prompts).toEqual([...heard.slice(0, -1), ...closedQueue]);
        expect(r.lambdas.some((l) => l.name.endsWith('create-ticket'))).toBe(false);
      });

      const endsCall = ticketing.ivr.options.find((o) => categoryOf(o.category)?.transferAfter === false);
      if (endsCall) {
        it(`key ${endsCall.key} (${endsCall.category}): the module cannot say "no transfer", so the caller goes on to the queue`, async () => {
          const r = await call([endsCall.key], {
            faults: [{ flow: ticketModule(), action: 'No transfer', error: 'NoMatchingError' }],
          });
          // The ticket is created and read back; then the queue (closed: its message, the voicemail offer, which
          // times out, and the goodbye).
          expect(r.attributes.ticketTransfer).toBeUndefined();
          expect(r.prompts).toEqual([...heard, createdText(ticketOf(r)), ...closedQueue]);
          tookQueue(r);
        });
      }

      it.each(ticketing.ivr.options)(
        'saving category $category fails: an apology, then the queue',
        async ({ key, category }) => {
          const r = await call([key], {
            faults: [{ flow: ticketModule(), action: id(`Ticket ${category}`), error: 'NoMatchingError' }],
          });
          expect(r.prompts).toEqual([...heard, p.failed, ...closedQueue]);
          tookQueue(r);
        },
      );

      it.each([
        ['throws', throws],
        ['answers degraded', degraded],
      ])('the createTicket Lambda %s: an apology, then the queue', async (_why, stub) => {
        const r = await call(['1'], { lambdas: { createTicket: stub } });
        expect(r.prompts).toEqual([...heard, p.failed, ...closedQueue]);
        tookQueue(r);
      });
    },
  );
}
