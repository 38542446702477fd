import { describe, expect, it } from 'vitest';
import { validateFlow } from '../../contact-flows/builder/validate.js';
import { buildProfileFlows, buildProfileModules, localFlowRefs } from '../../contact-flows/flows/index.js';
import {
  ticketMenuEndsCall,
  ticketMenuOption,
  ticketMenuText,
} from '../../contact-flows/flows/ticket-menu.js';
import { PROFILES } from '../../contact-flows/profiles/index.js';
import { ticketingOf } from '../../contact-flows/profiles/ticketing.js';
import { inCallFunction, localFunctionArn } from '../../functions/registry.js';
import type { Action } from '../../schemas/flow.js';

describe.each(Object.values(PROFILES))('the ticket submenu of $id', (profile) => {
  const refs = localFlowRefs(profile);
  const flows = buildProfileFlows(profile, refs);
  const module = buildProfileModules(profile, refs).ticketMenu.content;
  const find = (actions: readonly Action[], id: string): Action => {
    const a = actions.find((x) => x.Identifier === id);
    if (!a) throw new Error(`no action ${id}`);
    return a;
  };
  const inbound = (id: string) => find(flows.inbound.content.Actions, id);
  const get = (id: string) => find(module.Actions, id);
  const when = (a: Action, operand: string) =>
    a.Transitions.Conditions?.find((c) => c.Condition.Operands.includes(operand))?.NextAction;
  const { tickets } = ticketingOf(profile.id);
  const option = ticketMenuOption(profile);
  const queue = `Queue ${option?.queue}`;

  it('hangs off its main-menu key, in every language copy, as an invoked flow module', () => {
    expect(option?.key).toBe(tickets.ivr.menuKey);
    expect(when(inbound('Menu'), tickets.ivr.menuKey)).toBe('Ticket menu');
    expect(when(inbound('Menu en-US'), tickets.ivr.menuKey)).toBe('Ticket menu en-US');
    for (const id of ['Ticket menu', 'Ticket menu en-US']) {
      const invoke = inbound(id);
      expect(invoke.Type).toBe('InvokeFlowModule');
      expect(invoke.Parameters).toEqual({ FlowModuleId: refs.modules.ticketMenu });
    }
    // After the module: the option's queue (a module that fails to run too), or goodbye for praise.
    expect(inbound('Ticket menu').Transitions.Errors?.map((e) => e.NextAction)).toEqual([queue]);
    const after = ticketMenuEndsCall(profile) ? inbound('After ticket menu') : undefined;
    if (after) {
      expect(after.Parameters).toEqual({ ComparisonValue: '$.Attributes.ticketTransfer' });
      expect(when(after, 'false')).toBe('Goodbye');
      expect(after.Transitions.NextAction).toBe(queue);
    } else expect(inbound('Ticket menu').Transitions.NextAction).toBe(queue);
  });

  it('is a module that validates as one, and only an inbound flow may invoke it', () => {
    expect(validateFlow(module, 'FLOW_MODULE', { level: 'strict' })).toEqual([]);
    expect(module.Settings).toEqual({ InputParameters: [], OutputParameters: [], Transitions: [] });
    expect(validateFlow(flows.inbound.content, 'CONTACT_FLOW', { level: 'connect' })).toEqual([]);
    const invoker = flows.inbound.content.Actions.filter((a) => a.Type === 'InvokeFlowModule');
    const asModule = { ...module, Actions: [...module.Actions, { ...invoker[0], Identifier: 'Nested' }] };
    expect(validateFlow(asModule, 'FLOW_MODULE').map((p) => p.rule)).toContain('action-not-allowed');
  });

  it('reads each category and key 0, and returns on 0, no key, a wrong key and errors', () => {
    const menu = get('Ticket menu');
    expect(menu.Parameters.Text).toBe(ticketMenuText(profile, 'zh-CN'));
    expect(get('Ticket menu en-US').Parameters.Text).toBe(ticketMenuText(profile, 'en-US'));
    for (const o of tickets.ivr.options) expect(when(menu, o.key)).toBe(`Ticket ${o.category}`);
    expect(when(menu, '0')).toBe('Return');
    expect(new Set(menu.Transitions.Errors?.map((e) => e.NextAction))).toEqual(new Set(['Return']));
    expect(get('Return').Type).toBe('EndFlowModuleExecution');
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
