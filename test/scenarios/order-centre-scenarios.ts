/**
 * The order centre's scenarios (distribution, issue 11) with the real order desk and card check on DynamoDB Local, in
 * both languages: what they store and decide (supply and per-retailer totals, the SMS, a sold-out product refused
 * with its reason, cancelling and the supply returned, the cutoff, an unknown card, another retailer's card). The
 * flow's own branches (every re-prompt, agent key and failure of the self-service blocks, at 100% transition
 * coverage) are scenario files with stubbed Lambdas: contact-flows/scenarios/distribution/orders*.yaml. The order
 * desk runs on each call's simulated clock (the ordering period and its cutoff).
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

      it('the order history reads the order back; the retailer cancels it and the supply returns', async () => {
        const before = (await deps.orders.listSupply(PERIOD)).find((s) => s.code === '1001')?.remaining ?? 0;
        const r = await call('A', ['2', '1', '1']);
        const history = r.prompts.find((p) => p.includes(language === 'zh-CN' ? '第1笔' : 'Order 1:'));
        expect(history).toContain(
          language === 'zh-CN' ? '合计1591.50元，已提交' : 'total 1591.50 yuan, placed',
        );
        expect(r.prompts.at(-2)).toContain(language === 'zh-CN' ? '已取消' : 'is cancelled');
        const after = (await deps.orders.listSupply(PERIOD)).find((s) => s.code === '1001')?.remaining ?? 0;
        expect(after - before).toBe(2);
        // Cancelling it again is too late; a number with no order is not found (the same words).
        const again = await call('A', ['2', '1', '1']);
        expect(again.prompts.at(-2)).toContain(language === 'zh-CN' ? '不能取消' : 'no longer be cancelled');
        const missing = await call('A', ['2', '3', '1']);
        expect(missing.lambdas.at(-1)?.response).toMatchObject({ orderStatus: 'not_found' });
        expect(missing.prompts.at(-2)).toContain(
          language === 'zh-CN' ? '不能取消' : 'no longer be cancelled',
        );
      });

      it('after the cutoff, ordering is closed and the caller gets an agent', async () => {
        const r = await call('A', ['1', '1002#', '1#'], { at: AFTER_CUTOFF });
        expect(r.prompts).toContain(t.closed);
        endsWithAgent(r);
      });

      it("the card check: an unknown card three times goes to the general queue unauthenticated; another retailer's card identifies that retailer", async () => {
        const r = await file.centre().call({
          from: who.A.phone,
          inputs: ['111111#', '222222#', '333333#'],
        });
        expect(r.attributes).toMatchObject({ authenticated: 'false', cardRefused: 'true' });
        expect(r.queueKey).toBe('general');
        const none = await file.centre().call({ from: who.A.phone, inputs: ['#', '3'] });
        expect(none.attributes.authenticated).toBeUndefined();
        // A card of another retailer identifies that retailer; the mismatch is shown to the agent.
        const other = await file.centre().call({ from: who.B.phone, inputs: [`${who.A.card}#`, '3'] });
        expect(other.attributes).toMatchObject({ customerId: who.A.id, cardMismatch: 'true' });
      });
    });
  }
}
