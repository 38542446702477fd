/**
 * The order centre's scenarios (distribution, issue 11), in both languages: card authentication, ordering by IVR
 * with read-backs, totals and SMS, a sold-out product refused with its reason, order history and cancellation,
 * and every re-prompt, agent key and failure branch of the self-service blocks (the inbound flow keeps 100 %
 * transition coverage). The order desk runs on each call's simulated clock (the ordering period and its cutoff).
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { beforeAll, describe, expect, it } from 'vitest';
import { ORDER_TEXT } from '../../contact-flows/flows/order-centre.js';
import { SELF_SERVICE_TEXT } from '../../contact-flows/flows/self-service.js';
import type { LambdaInvoker } from '../../contact-flows/runtime/lambda.js';
import { readOutbox } from '../../functions/adapters/local/outbox.js';
import { periodOf } from '../../functions/core/orders/orders.js';
import { createOrderDeskHandler } from '../../functions/order-desk/handler.js';
import type { CustomerSourceRow } from '../../functions/ports/customer-source.js';
import { type OrderCentreDeps, orderDepsFromEnv } from '../../functions/shared/order-deps.js';
import { importOrderData } from '../../functions/use-cases/orders/import-order-data.js';
import type { Customer } from '../../schemas/crm.js';
import type { Language } from '../../schemas/profile.js';
import { MONDAY_10, type ScenarioCall, type ScenarioResult } from '../support/scenario-harness.js';
import type { ScenarioFile } from './profile-scenarios.js';

/** Retailers who order in the scenarios (A orders, B takes the scarce product, C has no orders), per language. */
export const ORDER_RETAILERS: Readonly<
  Record<Language, Record<'A' | 'B' | 'C', { phone: string; card: string; id: string }>>
> = {
  'zh-CN': {
    A: { id: 'DS-ORD-ZH', phone: '+8613999000301', card: '230105000301' },
    B: { id: 'DS-ORD2-ZH', phone: '+8613999000302', card: '230105000302' },
    C: { id: 'DS-ORD3-ZH', phone: '+8613999000305', card: '230105000305' },
  },
  'en-US': {
    A: { id: 'DS-ORD-EN', phone: '+8613999000303', card: '990000000301' },
    B: { id: 'DS-ORD2-EN', phone: '+8613999000304', card: '990000000302' },
    C: { id: 'DS-ORD3-EN', phone: '+8613999000306', card: '990000000305' },
  },
};

/** The retailers above as CRM customers (with their cards). */
export const orderCustomers = (): Customer[] =>
  (['zh-CN', 'en-US'] as const).flatMap((language) =>
    Object.values(ORDER_RETAILERS[language]).map((r) => ({
      customerId: r.id,
      name: `Order retailer ${r.id}`,
      phones: [r.phone],
      tier: 'standard' as const,
      vip: false,
      language,
      cardNumber: r.card,
    })),
  );

/** The scarce product of each language (3 units in the period). */
const SCARCE: Readonly<Record<Language, string>> = { 'zh-CN': '1003', 'en-US': '1004' };
const PERIOD = periodOf(new Date(MONDAY_10));
/** Thursday of that week, after the 17:00 cutoff but before the 17:30 closing. */
const AFTER_CUTOFF = '2025-03-06T17:10:00+08:00';

async function* rows(list: Array<Record<string, unknown>>): AsyncGenerator<CustomerSourceRow> {
  let line = 2;
  for (const fields of list) yield { line: line++, fields };
}

export function orderCentreScenarios(file: ScenarioFile): void {
  const { profile } = file;
  let deps: OrderCentreDeps;
  const desks = new Map<string, LambdaInvoker>();
  const deskAt = (at: string): LambdaInvoker => {
    let desk = desks.get(at);
    if (!desk) {
      const { tables, home } = file.centre();
      const d = orderDepsFromEnv(
        {
          ...tables.env,
          DYNAMODB_ENDPOINT: tables.endpoint,
          HOTLINE_PROFILE: profile.id,
          HOTLINE_OUTBOX_HOME: home,
          ORDER_BUDGET_MS: '7000',
        },
        { now: () => new Date(at), requestTimeoutMs: 5000 },
      );
      if ('configError' in d) throw new Error(d.configError);
      desk = createOrderDeskHandler({
        logger: new Logger({ logLevel: 'SILENT' }),
        metrics: new Metrics({ namespace: 'Test' }),
        orders: d,
      }) as LambdaInvoker;
      desks.set(at, desk);
    }
    return desk;
  };
  /** A stub order desk: `answer` for `action`, the real one otherwise. */
  const stubbed =
    (action: string, answer: Record<string, string>, at = MONDAY_10): LambdaInvoker =>
    (event, context) =>
      (event.Details.Parameters as Record<string, string> | undefined)?.action === action
        ? { orderStatus: 'ok', readBack: '', cart: '', orderId: '', orders: '', ...answer }
        : deskAt(at)(event, context);

  beforeAll(async () => {
    const { tables, home } = file.centre();
    const d = orderDepsFromEnv(
      {
        ...tables.env,
        DYNAMODB_ENDPOINT: tables.endpoint,
        HOTLINE_PROFILE: profile.id,
        HOTLINE_OUTBOX_HOME: home,
      },
      { now: () => new Date(MONDAY_10), requestTimeoutMs: 5000 },
    );
    if ('configError' in d) throw new Error(d.configError);
    deps = d;
    await importOrderData(
      deps,
      'catalogue',
      rows([
        { code: '1001', brand: '中华', specification: '（硬）', unit: '条', price: '450' },
        { code: '1002', brand: '玉溪', specification: '（软）', unit: '条', price: '230.5' },
        { code: '1003', brand: '黄鹤楼', specification: '（1916）', unit: '条', price: '1000' },
        { code: '1004', brand: '黄鹤楼', specification: '（硬珍品）', unit: '条', price: '800' },
      ]),
    );
    await importOrderData(
      deps,
      'supply',
      rows([
        { period: PERIOD, code: '1001', supplied: '100' },
        { period: PERIOD, code: '1002', supplied: '1000' },
        { period: PERIOD, code: '1003', supplied: '3' },
        { period: PERIOD, code: '1004', supplied: '3' },
      ]),
    );
    await importOrderData(
      deps,
      'limits',
      rows([
        { tier: 'standard', code: '1001', min: '1', max: '10' },
        { tier: 'standard', code: '1002', min: '0', max: '20' },
      ]),
    );
  });

  for (const language of ['zh-CN', 'en-US'] as const) {
    const who = ORDER_RETAILERS[language];
    const text = SELF_SERVICE_TEXT[language];
    const t = ORDER_TEXT[language];
    const id = (name: string) => (language === profile.defaultLanguage ? name : `${name} ${language}`);
    const call = (
      caller: 'A' | 'B' | 'C',
      inputs: (string | null)[],
      extra: Partial<ScenarioCall> = {},
    ): Promise<ScenarioResult> => {
      const at = extra.at !== undefined ? String(extra.at) : MONDAY_10;
      return file.centre().call({
        from: who[caller].phone,
        // Connect's ContactIds are unique; the order desk is idempotent per contact.
        contactId: randomUUID(),
        ...extra,
        at,
        inputs: [`${who[caller].card}#`, ...inputs],
        lambdas: { orderDesk: deskAt(at), ...(extra.lambdas ?? {}) },
      });
    };
    const endsWithAgent = (r: ScenarioResult) => {
      expect(r.outcome.type).toBe('agent');
      expect(r.queueKey).toBe('orders');
    };

    describe(`distribution order centre (${language})`, () => {
      it('a retailer authenticates by card, orders two products, hears each line, the total and the order number, and gets the SMS', async () => {
        const before = await deps.orders.listSupply(PERIOD);
        const r = await call('A', ['1', '1001#', '2#', '1', '1002#', '3#', '2', '1']);
        expect(r.attributes).toMatchObject({
          authenticated: 'true',
          customerId: who.A.id,
          cardMismatch: 'false',
        });
        const zh = language === 'zh-CN';
        expect(r.prompts).toContain(
          `${zh ? '中华（硬），2条，单价450.00元，小计900.00元。' : '中华（硬）, 2 条, at 450.00 yuan each, 900.00 yuan.'} ${t.more}${zh ? '' : ' '}${text.menuAgent}`,
        );
        const summary = r.prompts.find((p) => p.includes(zh ? '合计1591.50元' : 'The total is 1591.50 yuan'));
        expect(summary).toBeDefined();
        const orderId = r.attributes.orderId ?? '';
        expect(orderId).toMatch(/^O20250303-\d{6}$/);
        expect(r.prompts.at(-2)).toContain(orderId.slice(1, 9).split('').join(' '));
        expect(r.outcome.type).toBe('disconnected');
        const sms = (await readOutbox(file.centre().home)).filter((m) => m.body.includes(orderId));
        expect(sms).toHaveLength(1);
        const after = await deps.orders.listSupply(PERIOD);
        const left = (rows: typeof after, code: string) => rows.find((s) => s.code === code)?.remaining ?? 0;
        expect(left(before, '1001') - left(after, '1001')).toBe(2);
        expect(left(before, '1002') - left(after, '1002')).toBe(3);
        const totals = (await deps.orders.listTotals(PERIOD)).filter((x) => x.customerId === who.A.id);
        expect(Object.fromEntries(totals.map((x) => [x.code, x.ordered]))).toEqual({ '1001': 2, '1002': 3 });
      });

      it('a second retailer is refused the sold-out product, with the reason read out', async () => {
        const first = await call('B', ['1', `${SCARCE[language]}#`, '3#', '2', '1']);
        expect(first.attributes.orderId).toMatch(/^O/);
        const r = await call('A', ['1', `${SCARCE[language]}#`, '1#', '0']);
        expect(r.prompts.some((p) => p.includes(language === 'zh-CN' ? '已售完' : 'is sold out'))).toBe(true);
        endsWithAgent(r);
      });

      it('an empty order cannot be confirmed: back to "add another"', async () => {
        const r = await call('B', ['1', `${SCARCE[language]}#`, '1#', '2', '0']);
        expect(
          r.prompts.some((p) =>
            p.startsWith(language === 'zh-CN' ? '您的订单中还没有商品' : 'Your order has no'),
          ),
        ).toBe(true);
        endsWithAgent(r);
      });

      it('the order history reads the order back; the retailer cancels it and the supply returns', async () => {
        const before = (await deps.orders.listSupply(PERIOD)).find((s) => s.code === '1001')?.remaining ?? 0;
        // The cancelling call skips the welcome (a harmless fault), so that the coverage sweep replays one of the
        // later calls, which change nothing, rather than this one.
        const r = await call('A', ['2', '1', '1'], {
          faults: [{ action: id('Welcome'), error: 'NoMatchingError' }],
        });
        const history = r.prompts.find((p) => p.includes(language === 'zh-CN' ? '第1笔' : 'Order 1:'));
        expect(history).toContain(
          language === 'zh-CN' ? '合计1591.50元，已提交' : 'total 1591.50 yuan, placed',
        );
        expect(r.prompts.at(-2)).toContain(language === 'zh-CN' ? '已取消' : 'is cancelled');
        const after = (await deps.orders.listSupply(PERIOD)).find((s) => s.code === '1001')?.remaining ?? 0;
        expect(after - before).toBe(2);
        // Cancelling it again is too late; a number with no order is not found.
        const again = await call('A', ['2', '1', '1']);
        expect(again.prompts.at(-2)).toContain(language === 'zh-CN' ? '不能取消' : 'no longer be cancelled');
        await call('A', ['2', '3', '1']);
        await call('A', ['2', '2', '2', '9']);
      });

      it('a retailer without orders hears so and gets an agent; the history menu re-prompts then transfers', async () => {
        endsWithAgent(await call('C', ['2']));
        endsWithAgent(await call('A', ['2', null, '7', null]));
        endsWithAgent(await call('A', ['2', '0']));
        endsWithAgent(await call('A', ['2', '1', null, '7', null]));
        endsWithAgent(await call('A', ['2', '1', '0']));
      });

      it('wrong or missing entries are re-prompted twice, then an agent; 0# is an agent', async () => {
        const code = await call('A', ['1', '9999#', '1#', null, '8888#', '1#']);
        expect(code.prompts.filter((p) => p === text.invalid)).toHaveLength(2);
        expect(code.prompts).toContain(text.noInput);
        endsWithAgent(code);
        endsWithAgent(await call('A', ['1', '1001#', '00#', null, '00#']));
        endsWithAgent(await call('A', ['1', '0#']));
        endsWithAgent(await call('A', ['1', '1001#', '0#']));
      });

      it('an entry block that fails (a Connect error) is heard as no input, re-prompted, then an agent', async () => {
        for (const [action, inputs] of [
          ['Order code', ['1']],
          ['Order quantity', ['1', '1001#']],
        ] as const) {
          const r = await call('A', [...inputs], {
            faults: [{ action: id(action), error: 'NoMatchingError' }],
          });
          expect(r.prompts, action).toContain(text.noInput);
          endsWithAgent(r);
        }
      });

      it('the line and confirm menus: change, cancel, agent, re-prompts', async () => {
        const changed = await call('A', ['1', '1002#', '1#', '2', '2', '1002#', '1#', '2', '3']);
        expect(changed.prompts).toContain(t.dropped);
        expect(changed.outcome.type).toBe('disconnected');
        endsWithAgent(await call('A', ['1', '1002#', '1#', '2', null, '7', null]));
        endsWithAgent(await call('A', ['1', '1002#', '1#', '2', '0']));
        endsWithAgent(await call('A', ['1', '1002#', '1#', null, '7', null]));
      });

      it('after the cutoff, ordering is closed and the caller gets an agent', async () => {
        const r = await call('A', ['1', '1002#', '1#'], { at: AFTER_CUTOFF });
        expect(r.prompts).toContain(t.closed);
        endsWithAgent(r);
      });

      it('placing refused, emptied or closed meanwhile; an answer with no route; a failing order desk: an agent', async () => {
        const place = ['1', '1002#', '1#', '2', '1'];
        endsWithAgent(
          await call('A', [...place, '0'], {
            lambdas: { orderDesk: stubbed('place', { orderStatus: 'refused', readBack: 'x' }) },
          }),
        );
        endsWithAgent(
          await call('A', [...place, '0'], {
            lambdas: { orderDesk: stubbed('place', { orderStatus: 'empty' }) },
          }),
        );
        endsWithAgent(
          await call('A', place, { lambdas: { orderDesk: stubbed('place', { orderStatus: 'closed' }) } }),
        );
        // Each failure with exactly the keys that reach it: nothing is left over for the post-call survey.
        const upTo: Record<string, string[]> = {
          line: ['1', '1002#', '1#'],
          review: ['1', '1002#', '1#', '2'],
          place: place,
          history: ['2'],
          cancel: ['2', '1', '1'],
        };
        for (const [action, inputs] of Object.entries(upTo)) {
          const r = await call('A', inputs, {
            lambdas: { orderDesk: stubbed(action, { orderStatus: 'degraded' }) },
          });
          expect(r.prompts).toContain(text.failed);
          endsWithAgent(r);
        }
        const faults: Record<string, string[]> = {
          'Order code save': ['1', '1002#'],
          'Order quantity save': ['1', '1002#', '1#'],
          'Order line': ['1', '1002#', '1#'],
          'Order line keep': ['1', '1002#', '1#'],
          'Order more': ['1', '1002#', '1#'],
          'Order review': ['1', '1002#', '1#', '2'],
          'Order confirm': ['1', '1002#', '1#', '2'],
          'Order restart': ['1', '1002#', '1#', '2', '2'],
          'Order dropped': ['1', '1002#', '1#', '2', '3'],
          'Place order': place,
          'Place order keep': place,
          'Order history': ['2'],
          'Order history keep': ['2'],
          'History menu': ['2'],
          'Cancel choice 1': ['2', '1'],
          'Cancel choice 2': ['2', '2'],
          'Cancel choice 3': ['2', '3'],
          'Cancel confirm': ['2', '1'],
          'Cancel order': ['2', '1', '1'],
        };
        for (const [action, inputs] of Object.entries(faults)) {
          // Ordering faults by B (a failed keep may still place an order): A's history stays as the history
          // scenarios heard it.
          const r = await call(inputs[0] === '1' ? 'B' : 'A', inputs, {
            faults: [{ action: id(action), error: 'NoMatchingError' }],
          });
          expect(r.prompts, action).toContain(text.failed);
          endsWithAgent(r);
        }
      });

      it('card authentication: an unknown card three times goes to the general queue unauthenticated; # alone or a failed check goes on', async () => {
        const r = await file.centre().call({
          from: who.A.phone,
          inputs: ['111111#', '222222#', '333333#'],
        });
        expect(r.attributes).toMatchObject({ authenticated: 'false', cardRefused: 'true' });
        expect(r.queueKey).toBe('general');
        const none = await file.centre().call({ from: who.A.phone, inputs: ['#', '3'] });
        expect(none.attributes.authenticated).toBeUndefined();
        const failed = await file.centre().call({
          from: who.A.phone,
          inputs: [`${who.A.card}#`, '3'],
          faults: [{ action: id('Check card'), error: 'NoMatchingError' }],
        });
        expect(failed.attributes.authenticated).toBe('false');
        const unrouted = await file.centre().call({
          from: who.A.phone,
          inputs: [`${who.A.card}#`, '3'],
          lambdas: { authenticateCard: async () => ({ cardStatus: 'weird' }) },
        });
        expect(unrouted.attributes.authenticated).toBe('false');
        const unsaved = await file.centre().call({
          from: who.A.phone,
          inputs: [`${who.A.card}#`, '3'],
          faults: [{ action: id('Card accepted'), error: 'NoMatchingError' }],
        });
        expect(unsaved.attributes.authenticated).toBe('false');
        for (const action of ['Card unchecked', 'Card refused']) {
          const faulted = await file.centre().call({
            from: who.A.phone,
            inputs: action === 'Card refused' ? ['111111#', '222222#', '333333#'] : [`${who.A.card}#`, '3'],
            faults: [
              { action: id(action), error: 'NoMatchingError' },
              ...(action === 'Card unchecked'
                ? [{ action: id('Check card'), error: 'NoMatchingError' }]
                : []),
            ],
          });
          expect(faulted.attributes.authenticated).toBeUndefined();
        }
        const agent = await file.centre().call({ from: who.A.phone, inputs: ['0#'] });
        expect(agent.queueKey).toBe('general');
        // A card of another retailer identifies that retailer; the mismatch is shown to the agent.
        const other = await file.centre().call({ from: who.B.phone, inputs: [`${who.A.card}#`, '3'] });
        expect(other.attributes).toMatchObject({ customerId: who.A.id, cardMismatch: 'true' });
      });
    });
  }
}
