/**
 * `hotline shipments …` (issue 12 item 2, carrier): import status events from a file, record one event as the
 * carrier's queue would deliver it, and show a waybill's latest status with its history. Thin: parse, run a use
 * case, print. Local by default; `--aws` for the deployed stack.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { type Command, Option } from 'commander';
import { openCustomerFile } from '../../functions/adapters/files/customer-file.js';
import { spokenTime, statusWords } from '../../functions/core/shipments.js';
import { type ShipmentRuntimeDeps, shipmentDepsFromEnv } from '../../functions/shared/shipment-deps.js';
import { createShipmentEventsHandler } from '../../functions/shipment-events/handler.js';
import { importShipmentEvents, parseShipmentEvent } from '../../functions/use-cases/shipments/shipments.js';
import { localTicketEnv } from '../../infra/local/contact-centre.js';
import { openLocalData } from '../../infra/local/local-data.js';
import type { Profile } from '../../schemas/profile.js';
import { REQUIRED_SHIPMENT_ROW_FIELDS, WaybillSchema } from '../../schemas/shipments.js';
import { SHIPMENTS_TABLE } from '../../schemas/tables.js';
import { globalOptions, UsageError } from '../options.js';
import { type DataLocation, deployedTableEnv, RuntimeError } from '../runtime.js';

/** Run `fn` with the shipment dependencies where `location` says; closes everything afterwards. */
export async function withShipments<T>(
  location: DataLocation,
  profile: Profile,
  fn: (deps: ShipmentRuntimeDeps) => Promise<T>,
): Promise<T> {
  const run = async (env: Record<string, string>) => {
    const deps = shipmentDepsFromEnv({ ...env, HOTLINE_PROFILE: profile.id }, { requestTimeoutMs: 10_000 });
    if ('configError' in deps) throw new UsageError(deps.configError);
    try {
      return await fn(deps);
    } finally {
      deps.close();
    }
  };
  if (location.aws) return run((await deployedTableEnv(location.stackPrefix, [SHIPMENTS_TABLE])).env);
  const local = await openLocalData(location.home);
  try {
    return await run(localTicketEnv(profile, { ...local, home: local.home }));
  } finally {
    await local.close();
  }
}

function checkWaybill(raw: string): string {
  const digits = raw.normalize('NFKC').replace(/[\s-]/g, '');
  const parsed = WaybillSchema.safeParse(digits);
  if (!parsed.success) throw new UsageError(`"${raw}" is not a waybill number (8 to 20 digits)`);
  return parsed.data;
}

export function registerShipmentCommands(program: Command): void {
  const shipments = program
    .command('shipments')
    .description('shipment tracking (carrier): import status events, record one event, show a waybill');

  shipments
    .command('import <file>')
    .description(
      'import status events from CSV (header row) or JSON lines; bad rows are reported and skipped',
    )
    .addOption(new Option('--format <f>', 'file format').choices(['csv', 'jsonl']))
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      `
Columns (CSV header) or fields (JSON lines): waybill, status, at, place[, placeEn, note]
  waybill  8 to 20 digits (spaces and hyphens are dropped)
  status   created, collected, in-transit, arrived, out-for-delivery, exception, delivered, returned
           (or 已揽收, 运输中, 派送中, 已签收 …)
  at       when it happened, with its offset: 2026-11-30T10:05:00+08:00
  place    where (read to callers); placeEn: its English name for English-speaking callers

Each row is one status event. The newest event of a waybill is its status, whatever the order of the
rows: an older event is kept in the history only. Importing the same file again changes nothing.
Exit code: 0 all recorded, 1 some rows rejected, 2 a file that cannot be read.`,
    )
    .action(async (path: string, opts: { format?: 'csv' | 'jsonl'; json?: boolean }, cmd: Command) => {
      const g = globalOptions(cmd);
      const file = await openCustomerFile(path, {
        ...(opts.format ? { format: opts.format } : {}),
        requiredColumns: REQUIRED_SHIPMENT_ROW_FIELDS,
      }).catch((err: Error) => {
        throw new UsageError(err.message);
      });
      await withShipments(g.location, g.profile, async (deps) => {
        const summary = await importShipmentEvents(deps, file.rows());
        if (opts.json) console.log(JSON.stringify(summary));
        else {
          for (const r of summary.rejected) console.log(`line ${r.line}: ${r.reason}`);
          console.log(
            `shipments: created ${summary.created}, updated ${summary.updated}, older ${summary.older}, unchanged ${summary.unchanged}, rejected ${summary.rejected.length}`,
          );
        }
        if (summary.rejected.length) process.exitCode = 1;
      });
    });

  shipments
    .command('event <json>')
    .description(
      "record one status event as the carrier's queue delivers it (the queue consumer's own code path)",
    )
    .action(async (json: string, _opts: unknown, cmd: Command) => {
      const g = globalOptions(cmd);
      // Checked first, as the consumer checks it: a refused event is a usage error here (exit 2).
      let body: unknown;
      try {
        body = parseShipmentEvent(JSON.parse(json) as unknown);
      } catch (err) {
        throw new UsageError(
          `not a shipment event: ${err instanceof SyntaxError ? 'not JSON' : (err as Error).message}`,
        );
      }
      const { waybill } = body as { waybill: string };
      // The consumer's metrics go to CloudWatch in AWS; here they would only clutter the output.
      process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
      await withShipments(g.location, g.profile, async (deps) => {
        const handler = createShipmentEventsHandler({
          logger: new Logger({ serviceName: 'shipment-events', logLevel: 'SILENT' }),
          metrics: new Metrics({ namespace: 'Hotline', serviceName: 'shipment-events' }),
          shipments: deps,
        });
        const out = await handler({ Records: [{ messageId: 'cli', body: json }] }, {
          functionName: 'hotline-shipment-events',
          awsRequestId: 'cli',
        } as never);
        if (out.batchItemFailures.length) throw new RuntimeError('the event was not recorded: try again');
        const shown = await deps.shipments.get(waybill);
        console.log(
          shown
            ? `recorded; waybill ${shown.waybill} is now ${shown.status} at ${shown.place} (${shown.at})`
            : 'recorded',
        );
      });
    });

  shipments
    .command('show <waybill>')
    .description("a waybill's latest status and its events")
    .addOption(new Option('--language <l>', 'language of the status words').choices(['zh-CN', 'en-US']))
    .option('--json', 'print as JSON')
    .action(async (raw: string, opts: { language?: 'zh-CN' | 'en-US'; json?: boolean }, cmd: Command) => {
      const g = globalOptions(cmd);
      const waybill = checkWaybill(raw);
      await withShipments(g.location, g.profile, async (deps) => {
        const shipment = await deps.shipments.get(waybill);
        if (!shipment) throw new RuntimeError(`no shipment with waybill ${waybill}`);
        const history = await deps.shipments.history(waybill);
        if (opts.json) {
          console.log(JSON.stringify({ ...shipment, history }, null, 2));
          return;
        }
        const language = opts.language ?? 'en-US';
        const when = (at: string) => `${at}  (${spokenTime(at, language, deps.timeZone)})`;
        console.log(`waybill    ${shipment.waybill}`);
        console.log(`status     ${shipment.status}: ${statusWords(shipment.status, language)}`);
        console.log(`place      ${shipment.place}${shipment.placeEn ? ` (${shipment.placeEn})` : ''}`);
        console.log(`at         ${when(shipment.at)}`);
        if (shipment.note) console.log(`note       ${shipment.note}`);
        console.log(`events     ${shipment.events}`);
        for (const e of history)
          console.log(`  ${e.at}  ${e.status.padEnd(16)} ${e.place}${e.note ? ` (${e.note})` : ''}`);
      });
    });
}
