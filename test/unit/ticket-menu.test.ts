import { describe, expect, it } from 'vitest';
import { buildProfileFlows, localFlowRefs } from '../../contact-flows/flows/index.js';
import { ticketMenuOption, ticketMenuText } from '../../contact-flows/flows/ticket-menu.js';
import { PROFILES } from '../../contact-flows/profiles/index.js';
import { ticketingOf } from '../../contact-flows/profiles/ticketing.js';
import { inCallFunction, localFunctionArn } from '../../functions/registry.js';
import type { Action } from '../../schemas/flow.js';

describe.each(Object.values(PROFILES))('the ticket submenu of $id', (profile) => {
  const flows = buildProfileFlows(profile, localFlowRefs(profile));
  const actions = flows.inbound.content.Actions;
  const get = (id: string): Action => {
    const a = actions.find((x) => x.Identifier === id);
    if (!a) throw new Error(`no action ${id}`);
    return a;
  };
  const when = (a: Action, operand: string) =>
    a.Transitions.Conditions?.find((c) => c.Condition.Operands.includes(operand))?.NextAction;
  const { tickets } = ticketingOf(profile.id);
  const option = ticketMenuOption(profile);

  it('hangs off its main-menu key, in every language copy', () => {
    expect(option?.key).toBe(tickets.ivr.menuKey);
    expect(when(get('Menu'), tickets.ivr.menuKey)).toBe('Ticket menu');
    expect(when(get('Menu en-US'), tickets.ivr.menuKey)).toBe('Ticket menu en-US');
  });

  it('reads each category and key 0, and sends 0, no key, a wrong key and errors to the queue', () => {
    const menu = get('Ticket menu');
    expect(menu.Parameters.Text).toBe(ticketMenuText(profile, 'zh-CN'));
    for (const o of tickets.ivr.options) expect(when(menu, o.key)).toBe(`Ticket ${o.category}`);
    const queue = `Queue ${option?.queue}`;
    expect(when(menu, '0')).toBe(queue);
    expect(menu.Transitions.Errors?.map((e) => e.NextAction)).toEqual(expect.arrayContaining([queue]));
    expect(new Set(menu.Transitions.Errors?.map((e) => e.NextAction))).toEqual(new Set([queue]));
  });

  it('invokes createTicket with the category, the number, the customer and the language, within its time limit', () => {
    const invoke = get('Create ticket');
    expect(invoke.Parameters).toMatchObject({
      LambdaFunctionARN: localFunctionArn('createTicket'),
      InvocationTimeLimitSeconds: String(inCallFunction('createTicket').invocationTimeLimitSeconds),
      ResponseValidation: { ResponseType: 'STRING_MAP' },
      LambdaInvocationAttributes: {
        category: '$.Attributes.ticketCategory',
        phoneNumber: '$.CustomerEndpoint.Address',
        customerId: '$.Attributes.customerId',
        language: '$.Attributes.language',
      },
    });
    expect(invoke.Transitions.Errors?.map((e) => e.NextAction)).toEqual(['Ticket failed']);
    expect(when(get('Ticket created?'), 'ok')).toBe('Ticket number');
  });
});
