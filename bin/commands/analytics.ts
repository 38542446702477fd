/**
 * `hotline export` and `hotline report` (F16): the analytics datasets from the local tables as Parquet (the layout
 * the AWS export writes to the analytics bucket), and the named queries run with DuckDB into one HTML report.
 * Local only: in AWS the exports run on a schedule and the same named queries are deployed to Athena.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { bookingSettingsOf } from '../../contact-flows/profiles/bookings.js';
import { ticketingOf } from '../../contact-flows/profiles/ticketing.js';
import { openAnalyticsDb, writeDataset } from '../../functions/adapters/duckdb/analytics-duckdb.js';
import { DynamoAnalyticsSource } from '../../functions/adapters/dynamodb/analytics-source.js';
import { withBookingsAndLeads } from '../../functions/adapters/dynamodb/booking-analytics-source.js';
import { DynamoOrderAnalyticsSource } from '../../functions/adapters/dynamodb/order-analytics-source.js';
import { checkExportFolder, writeExportAtomically } from '../../functions/adapters/files/export-folder.js';
import { formatCell } from '../../functions/core/analytics/report.js';
import { parseDateInput } from '../../functions/core/date-input.js';
import { DEFAULT_ORDERING } from '../../functions/core/orders/orders.js';
import { buildReport } from '../../functions/use-cases/analytics/build-report.js';
import { exportAnalytics } from '../../functions/use-cases/analytics/export-analytics.js';
import { type LocalData, openLocalData } from '../../infra/local/local-data.js';
import { ANALYTICS_DATASETS } from '../../schemas/analytics.js';
import type { ProfileId } from '../../schemas/profile.js';
import {
  BOOKINGS_TABLE,
  CAMPAIGNS_TABLE,
  CONTACTS_TABLE,
  CRM_TABLE,
  LEADS_TABLE,
  ORDERS_TABLE,
  PICKUPS_TABLE,
  SUPERVISION_TABLE,
  TICKETS_TABLE,
} from '../../schemas/tables.js';
import { type GlobalOptions, globalOptions, UsageError } from '../options.js';

const AWS_NOTE =
  '--aws: in AWS the datasets are exported to the analytics bucket on a schedule and the named queries are deployed to the Athena workgroup; run them there. export and report read the local data only';

function localOnly(g: GlobalOptions): void {
  if (g.location.aws) throw new UsageError(AWS_NOTE);
}

export const analyticsDir = (home: string): string => join(home, 'analytics');

/**
 * Export the local tables' analytics datasets into `out`, staged and swapped in whole (a failed export leaves the
 * previous one untouched): `hotline export`, and `crm forget` rewriting an existing export.
 */
export function exportLocalAnalytics(local: LocalData, out: string, profile: ProfileId) {
  const source = new DynamoAnalyticsSource(
    local.doc,
    local.tableEnv[CONTACTS_TABLE.envVar] as string,
    local.tableEnv[TICKETS_TABLE.envVar] as string,
    local.tableEnv[SUPERVISION_TABLE.envVar],
    local.tableEnv[CAMPAIGNS_TABLE.envVar],
    new DynamoOrderAnalyticsSource(
      local.doc,
      local.tableEnv[ORDERS_TABLE.envVar] as string,
      local.tableEnv[CRM_TABLE.envVar] as string,
    ),
  );
  // Repair bookings, sales leads and pickups (issue 12), with the profile's slot capacities.
  const withMore = withBookingsAndLeads(source, local.doc, {
    bookings: local.tableEnv[BOOKINGS_TABLE.envVar],
    leads: local.tableEnv[LEADS_TABLE.envVar],
    pickups: local.tableEnv[PICKUPS_TABLE.envVar],
  });
  const bookingSettings = bookingSettingsOf(profile);
  return writeExportAtomically(
    out,
    ANALYTICS_DATASETS.map((d) => d.name),
    (staging) =>
      exportAnalytics({
        source: withMore,
        ...(bookingSettings ? { bookingSettings } : {}),
        write: (dataset, rows) => writeDataset(staging, dataset, rows),
        now: () => new Date(),
        categories: ticketingOf(profile).tickets.categories,
        // As the orders CLI and the local order desk (orderDepsFromEnv without ORDER_TIME_ZONE).
        ordering: DEFAULT_ORDERING,
      }),
  );
}

export function registerAnalyticsCommands(program: Command): void {
  program
    .command('export')
    .description(
      'write the analytics datasets (contacts, tickets, surveys, evaluations, campaign attempts, bookings, leads, pickups, orders, order_supply, order_positions) as Parquet partitioned by day',
    )
    .option('--out <dir>', 'where to write (default: <home>/analytics)')
    .action(async (opts: { out?: string }, cmd: Command) => {
      const g = globalOptions(cmd);
      localOnly(g);
      const out = resolve(opts.out ?? analyticsDir(g.location.home));
      const local = await openLocalData(g.location.home);
      try {
        const written = await exportLocalAnalytics(local, out, g.profile.id);
        console.log(`exported to ${out}`);
        for (const w of written)
          console.log(
            `  ${w.dataset.padEnd(17)} ${String(w.rows).padStart(8)} row(s) in ${w.partitions.length} day(s)${w.partitions.length ? ` (${w.partitions[0]} … ${w.partitions.at(-1)})` : ''}`,
          );
      } finally {
        await local.close();
      }
    });

  program
    .command('report')
    .description(
      'run the named analytics queries over the exported datasets (DuckDB) and write an HTML report',
    )
    .option('--in <dir>', 'exported datasets (default: <home>/analytics)')
    .option('--out <file>', 'the HTML file (default: <home>/analytics/report.html)')
    .option('--from <date>', 'first day (yyyy-mm-dd, UTC)')
    .option('--to <date>', 'last day (yyyy-mm-dd, UTC)')
    .option('--print', 'also print each query result')
    .action(
      async (
        opts: { in?: string; out?: string; from?: string; to?: string; print?: boolean },
        cmd: Command,
      ) => {
        const g = globalOptions(cmd);
        localOnly(g);
        if (opts.from !== undefined) parseDateInput(opts.from, '--from');
        if (opts.to !== undefined) parseDateInput(opts.to, '--to');
        if (opts.from && opts.to && opts.from > opts.to) throw new UsageError('--from is after --to');
        const dir = resolve(opts.in ?? analyticsDir(g.location.home));
        // Before anything is written: no report from a missing, partial or mixed export.
        checkExportFolder(
          dir,
          ANALYTICS_DATASETS.map((d) => d.name),
        );
        const out = resolve(opts.out ?? join(analyticsDir(g.location.home), 'report.html'));
        const db = await openAnalyticsDb(dir, {
          ...(opts.from ? { from: opts.from } : {}),
          ...(opts.to ? { to: opts.to } : {}),
        });
        try {
          const report = await buildReport({
            engine: db,
            now: () => new Date(),
            ...(opts.from ? { from: opts.from } : {}),
            ...(opts.to ? { to: opts.to } : {}),
          });
          mkdirSync(dirname(out), { recursive: true });
          writeFileSync(out, report.html);
          const c = report.counts;
          console.log(
            `report: ${out}\n  ${report.results.length} named queries over ${c.contacts ?? 0} contact(s), ${c.tickets ?? 0} ticket(s), ${c.surveys ?? 0} survey(s)${c.orders || c.order_supply ? `, ${c.orders ?? 0} order line(s), ${c.order_supply ?? 0} supply row(s)` : ''}`,
          );
          if (c.contacts === 0 && c.tickets === 0 && c.surveys === 0 && !c.orders && !c.order_supply)
            console.log('  no data: run `hotline export` first (or widen --from/--to)');
          if (opts.print)
            for (const r of report.results) {
              console.log(`\n${r.query.name}`);
              for (const row of r.rows)
                console.log(
                  `  ${Object.entries(row)
                    .map(([k, v]) => `${k}=${formatCell(v)}`)
                    .join('  ')}`,
                );
            }
        } finally {
          db.close();
        }
      },
    );
}
