/**
 * `hotline orders …` (F20): the order centre's catalogue, supply and limits imports, placing an order for a
 * retailer (the agent's path: the same use case as the IVR), listing, lifecycle and the shortfall list. Local by
 * default (`--home`); `--aws` for the deployed tables (the data stack's outputs).
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { type Command, Option } from 'commander';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import { DynamoCrmRepository } from '../../functions/adapters/dynamodb/crm-repository.js';
import { openCustomerFile } from '../../functions/adapters/files/customer-file.js';
import { parseTimeInput } from '../../functions/core/date-input.js';
import { DEFAULT_ORDERING, OrderRuleError, periodOf } from '../../functions/core/orders/orders.js';
import { normalizePhone } from '../../functions/core/phone.js';
import { type OrderCentreDeps, orderDepsFromEnv } from '../../functions/shared/order-deps.js';
import {
  importOrderData,
  ORDER_DATA_KINDS,
  type OrderDataKind,
} from '../../functions/use-cases/orders/import-order-data.js';
import { advanceOrder, cancelOrder, shortfall } from '../../functions/use-cases/orders/manage-orders.js';
import { confirmOrder, placeOrder } from '../../functions/use-cases/orders/place-order.js';
import { localTicketEnv } from '../../infra/local/contact-centre.js';
import { openLocalData } from '../../infra/local/local-data.js';
import { outputNameForEnvVar } from '../../infra/stacks/data-stack.js';
import { CustomerItemSchema } from '../../schemas/crm.js';
import { ORDER_STATUSES, type Order, OrderIdSchema, PeriodSchema } from '../../schemas/orders.js';
import type { Profile } from '../../schemas/profile.js';
import { CRM_TABLE, ORDERS_TABLE, SMS_TABLE } from '../../schemas/tables.js';
import { globalOptions, UsageError } from '../options.js';
import { type DataLocation, dataStackName, RuntimeError } from '../runtime.js';

interface OrderRuntime {
  readonly deps: OrderCentreDeps;
  readonly crm: DynamoCrmRepository;
  /** Every customer's id and tier (for the shortfall list). */
  customers(): Promise<Array<{ customerId: string; tier: string }>>;
}

async function withOrders<T>(
  location: DataLocation,
  profile: Profile,
  region: string,
  fn: (rt: OrderRuntime) => Promise<T>,
): Promise<T> {
  let env: Record<string, string>;
  let close = async () => {};
  if (location.aws) {
    const cfn = new CloudFormationClient({});
    try {
      const stackName = dataStackName(location.stackPrefix);
      const out = await cfn.send(new DescribeStacksCommand({ StackName: stackName })).catch((err: Error) => {
        throw new RuntimeError(`cannot read stack ${stackName}: ${err.message}`);
      });
      env = {};
      for (const def of [CRM_TABLE, ORDERS_TABLE, SMS_TABLE]) {
        const name = outputNameForEnvVar(def.envVar);
        const value = out.Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === name)?.OutputValue;
        if (!value)
          throw new RuntimeError(`stack ${stackName} has no output ${name}: redeploy with this version`);
        env[def.envVar] = value;
      }
    } finally {
      cfn.destroy();
    }
  } else {
    const local = await openLocalData(location.home);
    env = localTicketEnv(profile, { ...local, home: local.home });
    close = () => local.close();
  }
  try {
    const deps = orderDepsFromEnv(
      { ...env, HOTLINE_PROFILE: profile.id, PHONE_REGION: region },
      { requestTimeoutMs: 10_000, connectionTimeoutMs: 2000 },
    );
    if ('configError' in deps) throw new RuntimeError(deps.configError);
    const doc = createDocumentClient({
      ...(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {}),
      requestTimeoutMs: 10_000,
      connectionTimeoutMs: 2000,
    });
    const crmTable = env[CRM_TABLE.envVar] as string;
    try {
      return await fn({
        deps,
        crm: new DynamoCrmRepository(doc, crmTable),
        customers: async () => {
          const found: Array<{ customerId: string; tier: string }> = [];
          let start: Record<string, unknown> | undefined;
          do {
            const page = await doc.send(
              new ScanCommand({
                TableName: crmTable,
                FilterExpression: 'entity = :e',
                ExpressionAttributeValues: { ':e': 'customer' },
                ...(start ? { ExclusiveStartKey: start } : {}),
              }),
            );
            for (const raw of page.Items ?? []) {
              const c = CustomerItemSchema.safeParse(raw);
              if (c.success) found.push({ customerId: c.data.customerId, tier: c.data.tier });
            }
            start = page.LastEvaluatedKey;
          } while (start);
          return found;
        },
      });
    } finally {
      deps.close();
      (doc.config.requestHandler as { destroy?: () => void } | undefined)?.destroy?.();
    }
  } finally {
    await close();
  }
}

const REQUIRED_COLUMNS: Readonly<Record<OrderDataKind, readonly string[]>> = {
  catalogue: ['code', 'brand', 'specification', 'unit', 'price'],
  supply: ['period', 'code', 'supplied'],
  limits: ['code', 'max'],
};

const yuan = (cents: number) => (cents / 100).toFixed(2);

const line = (o: Order) =>
  [
    o.orderId,
    o.status.padEnd(9),
    o.period,
    o.customerId.padEnd(14),
    `${o.lines.length} lines`.padEnd(8),
    `${yuan(o.totalCents)} yuan`.padStart(14),
    o.source,
    o.createdAt,
  ].join('  ');

function print(o: Order, json?: boolean): void {
  if (json) {
    console.log(JSON.stringify(o, null, 2));
    return;
  }
  console.log(`order      ${o.orderId}   ${o.status}   period ${o.period}`);
  console.log(
    `retailer   ${o.customerId} (${o.tier}${o.branch ? `, ${o.branch}` : ''})   number ${o.phone ?? '-'}`,
  );
  console.log(
    `placed     ${o.createdAt} by ${o.createdBy} (${o.source}${o.contactId ? `, contact ${o.contactId}` : ''})`,
  );
  for (const l of o.lines)
    console.log(
      `  ${l.code.padEnd(8)} ${l.name.padEnd(20)} ${String(l.quantity).padStart(6)} ${l.unit}  × ${yuan(l.unitPriceCents)} = ${yuan(l.amountCents)}`,
    );
  console.log(`total      ${yuan(o.totalCents)} yuan`);
  console.log('history');
  for (const h of o.history)
    console.log(`  ${h.at}  ${h.by.padEnd(16)} ${h.status}${h.note ? ` (${h.note})` : ''}`);
}

function orderId(raw: string): string {
  const parsed = OrderIdSchema.safeParse(raw.toUpperCase());
  if (!parsed.success) throw new UsageError(`"${raw}" is not an order id such as O20261123-004512`);
  return parsed.data;
}

function period(raw: string | undefined, deps: OrderCentreDeps): string {
  if (raw === undefined) return periodOf(deps.now(), deps.settings);
  const parsed = PeriodSchema.safeParse(raw);
  if (!parsed.success) throw new UsageError(`--period "${raw}" is not a week such as 2026-W48`);
  return parsed.data;
}

const who = (by?: string) => by ?? `cli:${process.env.USER || 'operator'}`;

export function registerOrderCommands(program: Command): void {
  const orders = program
    .command('orders')
    .description('order centre: catalogue, supply and limits, orders and their lifecycle, shortfall');

  for (const kind of ORDER_DATA_KINDS) {
    const group = orders
      .command(kind)
      .description(
        kind === 'catalogue'
          ? 'products: code, brand, specification, unit, price (yuan)[, spokenName, active]'
          : kind === 'supply'
            ? 'supply per product and period: period (2026-W48), code, supplied'
            : 'limits per product and period: tier or customerId, code, min, max',
      );
    group
      .command('import <file>')
      .description(
        `import ${kind} rows from CSV (header row) or JSON lines; bad rows are reported and skipped`,
      )
      .addOption(new Option('--format <f>', 'file format').choices(['csv', 'jsonl']))
      .option('--json', 'print the summary as JSON')
      .action(async (path: string, opts: { format?: 'csv' | 'jsonl'; json?: boolean }, cmd: Command) => {
        const g = globalOptions(cmd);
        const file = await openCustomerFile(path, {
          ...(opts.format ? { format: opts.format } : {}),
          requiredColumns: REQUIRED_COLUMNS[kind as OrderDataKind],
        }).catch((err: Error) => {
          throw new UsageError(err.message);
        });
        await withOrders(g.location, g.profile, g.region, async ({ deps }) => {
          const summary = await importOrderData(deps, kind as OrderDataKind, file.rows());
          if (opts.json) console.log(JSON.stringify(summary));
          else {
            for (const r of summary.rejected) console.log(`line ${r.line}: ${r.reason}`);
            console.log(
              `${kind}: created ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, rejected ${summary.rejected.length}`,
            );
          }
          if (summary.rejected.length) process.exitCode = 1;
        });
      });
    if (kind !== 'limits')
      group
        .command('list')
        .description(kind === 'catalogue' ? 'the products' : "a period's supply and what is left")
        .option('--period <week>', 'ordering period (default: the current one)')
        .action(async (opts: { period?: string }, cmd: Command) => {
          const g = globalOptions(cmd);
          await withOrders(g.location, g.profile, g.region, async ({ deps }) => {
            if (kind === 'catalogue') {
              for (const p of await deps.orders.listProducts())
                console.log(
                  `${p.code.padEnd(8)} ${`${p.brand}${p.specification}`.padEnd(20)} ${p.unit}  ${yuan(p.priceCents)}${p.active ? '' : '  (inactive)'}`,
                );
            } else {
              const w = period(opts.period, deps);
              const rows = await deps.orders.listSupply(w);
              for (const s of rows)
                console.log(`${w}  ${s.code.padEnd(8)} supplied ${s.supplied}  left ${s.remaining}`);
              if (rows.length === 0) console.log(`no supply for ${w}`);
            }
          });
        });
  }

  orders
    .command('create')
    .description("place an order for a retailer (checked against supply and the retailer's limits)")
    .requiredOption('--customer <id>', 'the retailer (customer id)')
    .requiredOption('--line <code:qty...>', 'a line, e.g. --line 1001:5 --line 1002:2')
    .option('--request-id <id>', 'idempotency key: the same id never places a second order')
    .option(
      '--at <time>',
      'as of this time (default now; its period and cutoff apply), e.g. 2026-11-23T10:20:00+08:00',
    )
    .option('--no-sms', 'do not send the SMS confirmation')
    .option('--by <who>', 'agent or operator id (default cli:$USER)')
    .option('--json', 'print the order as JSON')
    .action(
      async (
        opts: {
          customer: string;
          line: string[];
          requestId?: string;
          at?: string;
          sms: boolean;
          by?: string;
          json?: boolean;
        },
        cmd: Command,
      ) => {
        const g = globalOptions(cmd);
        const lines = opts.line.map((l) => {
          const m = /^(\d{1,8}):(\d{1,6})$/.exec(l.trim());
          if (!m || Number(m[2]) < 1)
            throw new UsageError(`--line "${l}" is not CODE:QUANTITY such as 1001:5`);
          return { code: m[1] as string, quantity: Number(m[2]) };
        });
        const at =
          opts.at === undefined
            ? undefined
            : parseTimeInput(opts.at, { label: '--at', timeZone: DEFAULT_ORDERING.timeZone });
        await withOrders(g.location, g.profile, g.region, async ({ deps: base, crm }) => {
          const deps = at ? { ...base, now: () => at } : base;
          const customer = await crm.getCustomer(opts.customer);
          if (!customer) throw new UsageError(`--customer "${opts.customer}": no such customer`);
          const phone = customer.phones[0] ? normalizePhone(customer.phones[0], g.region) : undefined;
          const r = await placeOrder(deps, {
            retailer: {
              customerId: customer.customerId,
              tier: customer.tier,
              ...(customer.branch ? { branch: customer.branch } : {}),
              ...(phone?.kind === 'e164' ? { phone: phone.e164 } : {}),
              language: customer.language,
            },
            lines,
            source: 'agent',
            createdBy: who(opts.by),
            ...(opts.requestId ? { requestId: opts.requestId } : {}),
          });
          if (!r.ok) {
            for (const x of r.refusals)
              console.log(
                `refused ${x.code}: ${x.reason}${x.reason === 'over_limit' ? ` (limit ${x.limit}, ${x.allowed} more allowed)` : ''}${x.reason === 'sold_out' && x.remaining !== undefined ? ` (${x.remaining} left)` : ''}`,
              );
            process.exitCode = 1;
            return;
          }
          const sms = opts.sms ? await confirmOrder(deps, r.order) : undefined;
          if (opts.json) console.log(JSON.stringify({ ...r, sms }, null, 2));
          else {
            console.log(`${r.created ? 'placed' : 'already placed'} ${line(r.order)}`);
            if (sms) console.log(`sms: ${sms.status}`);
          }
        });
      },
    );

  orders
    .command('list')
    .description("a period's orders, or a retailer's latest")
    .option('--customer <id>', "a retailer's orders, newest first")
    .option('--period <week>', 'ordering period (default: the current one)')
    .addOption(new Option('--status <s>', 'only this status').choices(ORDER_STATUSES))
    .option('--json', 'JSON lines')
    .action(
      async (opts: { customer?: string; period?: string; status?: string; json?: boolean }, cmd: Command) => {
        const g = globalOptions(cmd);
        await withOrders(g.location, g.profile, g.region, async ({ deps }) => {
          const found = opts.customer
            ? await deps.orders.listByCustomer(opts.customer, 50)
            : await deps.orders.listByPeriod(period(opts.period, deps));
          const shown = found.filter((o) => !opts.status || o.status === opts.status);
          for (const o of shown) console.log(opts.json ? JSON.stringify(o) : line(o));
          if (!opts.json && shown.length === 0) console.log('no orders');
        });
      },
    );

  orders
    .command('show <orderId>')
    .description('an order with its lines and history')
    .option('--json', 'JSON')
    .action(async (id: string, opts: { json?: boolean }, cmd: Command) => {
      const g = globalOptions(cmd);
      const orderIdValue = orderId(id);
      await withOrders(g.location, g.profile, g.region, async ({ deps }) => {
        const o = await deps.orders.getOrder(orderIdValue);
        if (!o) throw new UsageError(`no order ${orderIdValue}`);
        print(o, opts.json);
      });
    });

  orders
    .command('cancel <orderId>')
    .description('cancel an order (until it is picked): its supply and the retailer limit are given back')
    .option('--note <text>', 'why')
    .option('--by <who>', 'operator id (default cli:$USER)')
    .action(async (id: string, opts: { note?: string; by?: string }, cmd: Command) => {
      const g = globalOptions(cmd);
      const orderIdValue = orderId(id);
      await withOrders(g.location, g.profile, g.region, async ({ deps }) => {
        try {
          const o = await cancelOrder(deps, orderIdValue, { by: 'operator', name: who(opts.by) }, opts.note);
          console.log(`cancelled ${line(o)}`);
        } catch (err) {
          if (err instanceof OrderRuleError) throw new UsageError(err.message);
          throw err;
        }
      });
    });

  orders
    .command('advance <orderId>')
    .description('move an order on: placed → confirmed → picked → delivered')
    .addOption(
      new Option('--to <status>', 'the status expected next').choices(['confirmed', 'picked', 'delivered']),
    )
    .option('--note <text>', 'a note for the history')
    .option('--by <who>', 'operator id (default cli:$USER)')
    .action(
      async (
        id: string,
        opts: { to?: 'confirmed' | 'picked' | 'delivered'; note?: string; by?: string },
        cmd: Command,
      ) => {
        const g = globalOptions(cmd);
        const orderIdValue = orderId(id);
        await withOrders(g.location, g.profile, g.region, async ({ deps }) => {
          try {
            const o = await advanceOrder(deps, orderIdValue, who(opts.by), opts.to, opts.note);
            console.log(`${o.status} ${line(o)}`);
          } catch (err) {
            if (err instanceof OrderRuleError) throw new UsageError(err.message);
            throw err;
          }
        });
      },
    );

  orders
    .command('shortfall')
    .description('retailers below their lower limit in a period (for the outbound campaigns)')
    .option('--period <week>', 'ordering period (default: the current one)')
    .option('--json', 'JSON lines')
    .action(async (opts: { period?: string; json?: boolean }, cmd: Command) => {
      const g = globalOptions(cmd);
      await withOrders(g.location, g.profile, g.region, async ({ deps, customers }) => {
        const w = period(opts.period, deps);
        const list = await shortfall(deps, w, await customers());
        for (const s of list)
          console.log(
            opts.json
              ? JSON.stringify({ period: w, ...s })
              : `${w}  ${s.customerId.padEnd(14)} ${s.code.padEnd(8)} ordered ${s.ordered} of at least ${s.min} (${s.missing} short, ${s.limitSource} limit)`,
          );
        if (!opts.json && list.length === 0) console.log(`nobody is below a lower limit in ${w}`);
      });
    });
}
