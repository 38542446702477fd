/**
 * `hotline crm forget NUMBER|ID` (PIPL / GDPR erasure): the forgetCustomer use case on the local data — DynamoDB
 * Local, the S3 emulator under --home, and the local stand-ins for SNS (the SMS outbox and notification files) and
 * the dead-letter file. If an analytics export exists under --home, it is written again from the cleaned tables, so
 * no past partition keeps the data. Prints what was removed (numbers masked).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { ForgetReport } from '../../functions/use-cases/privacy/forget-customer.js';
import {
  AUDIT_TABLE,
  BOOKINGS_TABLE,
  CAMPAIGNS_TABLE,
  CONTACTS_TABLE,
  CRM_TABLE,
  LEADS_TABLE,
  ORDERS_TABLE,
  PICKUPS_TABLE,
  SMS_TABLE,
  SUPERVISION_TABLE,
  TICKETS_TABLE,
} from '../../schemas/tables.js';
import { globalOptions, UsageError } from '../options.js';

/** The business tables' counts, in the order printed. */
const RECORD_LABELS: readonly (readonly [string, string])[] = [
  ['ordersAnonymised', 'orders anonymised'],
  ['orderTotalsAndLimitsDeleted', 'order limits and period totals deleted'],
  ['bookingsAnonymised', 'repair bookings anonymised'],
  ['pickupsAnonymised', 'pickups anonymised'],
  ['pickupNoticesDeleted', 'pickup dispatch notices waiting to be sent again deleted'],
  ['leadsAnonymised', 'leads anonymised'],
  ['campaignItemsDeleted', 'campaign entries, attempts and do-not-call items deleted'],
  ['evaluationsCleaned', 'QA evaluations cleaned'],
  ['auditEntriesRedacted', 'audit log entries redacted'],
];

export function registerForgetCommand(crm: Command): void {
  crm
    .command('forget')
    .description(
      'erase or anonymise a customer everywhere (CRM, call records, recordings, transcripts, tickets, SMS, surveys, exports) and report what was removed',
    )
    .argument(
      '<customer>',
      'the customer id, or a number (any format; a number without a customer is forgotten too)',
    )
    .option('--json', 'print the report as JSON')
    .action(async (who: string, opts: { json?: boolean }, cmd: Command) => {
      const g = globalOptions(cmd);
      if (g.location.aws)
        throw new UsageError(
          '--aws: crm forget runs on the local data for now; in AWS it will be the admin API route (same use case)',
        );
      // Loaded on use: the other commands do not pay for the S3 emulator and the erasure code.
      const [
        { DynamoPersonalDataStore },
        { DynamoPersonalRecords },
        { localFileEraser, LOCAL_FILES_LABEL },
        { S3ObjectEraser },
        { createS3Client },
        { ForgetInputError, forgetCustomer },
        { openLocalData },
        { LOCAL_RECORDINGS_BUCKET, startLocalS3 },
      ] = await Promise.all([
        import('../../functions/adapters/dynamodb/personal-data-store.js'),
        import('../../functions/adapters/dynamodb/personal-records.js'),
        import('../../infra/local/forget-local.js'),
        import('../../functions/adapters/s3/object-eraser.js'),
        import('../../functions/adapters/s3/object-store.js'),
        import('../../functions/use-cases/privacy/forget-customer.js'),
        import('../../infra/local/local-data.js'),
        import('../../infra/local/s3-local.js'),
      ]);
      const local = await openLocalData(g.location.home);
      const s3 = await startLocalS3({
        directory: join(local.home, 's3'),
        buckets: [LOCAL_RECORDINGS_BUCKET],
      });
      const client = createS3Client({ endpoint: s3.endpoint });
      try {
        const env = local.tableEnv;
        const store = new DynamoPersonalDataStore(local.doc, {
          crm: env[CRM_TABLE.envVar] as string,
          contacts: env[CONTACTS_TABLE.envVar] as string,
          tickets: env[TICKETS_TABLE.envVar] as string,
          sms: env[SMS_TABLE.envVar] as string,
          transcripts: { bucket: LOCAL_RECORDINGS_BUCKET, prefix: 'transcripts/' },
        });
        let report: ForgetReport;
        try {
          report = await forgetCustomer(
            {
              store,
              objects: new S3ObjectEraser(client),
              records: new DynamoPersonalRecords(local.doc, {
                orders: env[ORDERS_TABLE.envVar] as string,
                bookings: env[BOOKINGS_TABLE.envVar] as string,
                pickups: env[PICKUPS_TABLE.envVar] as string,
                leads: env[LEADS_TABLE.envVar] as string,
                campaigns: env[CAMPAIGNS_TABLE.envVar] as string,
                supervision: env[SUPERVISION_TABLE.envVar] as string,
                audit: env[AUDIT_TABLE.envVar] as string,
              }),
              phoneRegion: g.region,
              now: () => new Date(),
              others: [localFileEraser(local.home)],
            },
            who,
          );
        } catch (err) {
          if (err instanceof ForgetInputError) throw new UsageError(err.message);
          throw err;
        }
        const localLines = report.removed.other[LOCAL_FILES_LABEL] ?? 0;
        let rewritten = false;
        // Loaded here: the analytics module brings DuckDB, which every `hotline crm` command would otherwise load
        // (this command is registered with them) at a cost of a tenth of a second or more.
        const { analyticsDir, exportLocalAnalytics } = await import('./analytics.js');
        const out = analyticsDir(local.home);
        if (existsSync(out)) {
          await exportLocalAnalytics(local, out, g.profile.id);
          rewritten = true;
        }
        if (opts.json) {
          console.log(JSON.stringify({ ...report, analyticsRewritten: rewritten }, null, 2));
          return;
        }
        const r = report.removed;
        console.log(
          `forgot ${report.customerId ? `customer ${report.customerId}` : 'a caller'} (${report.numbers.join(', ') || 'no number'})`,
        );
        const lines: [string, number][] = [
          ['customer records deleted', r.customers],
          ['number lookup items deleted', r.phoneItems],
          ['card claims deleted', r.cardClaims],
          ['call records anonymised', r.callRecordsAnonymised],
          ['transcripts deleted', r.transcriptsDeleted],
          ['transcription jobs deleted', r.transcriptionJobsDeleted],
          ['recordings and transcript files deleted', r.objectsDeleted],
          ['survey answers anonymised', r.surveysAnonymised],
          ['tickets anonymised', r.ticketsAnonymised],
          ['SMS messages deleted', r.smsMessagesDeleted],
          ['SMS opt-outs deleted', r.smsOptOutsDeleted],
          ['SMS rate counters deleted', r.smsCountersDeleted],
          ...RECORD_LABELS.map(([kind, label]): [string, number] => [label, r.records[kind] ?? 0]),
          ['local outbox/notification/dead-letter lines removed', localLines],
        ];
        for (const [label, n] of lines) console.log(`  ${String(n).padStart(5)}  ${label}`);
        if (report.analyticsPartitions.length > 0)
          console.log(
            rewritten
              ? `  analytics export under ${out} written again (${report.analyticsPartitions.length} partition(s) held the data)`
              : `  analytics partitions that held the data (rewrite or delete any copies): ${report.analyticsPartitions.join(', ')}`,
          );
      } finally {
        client.destroy();
        await s3.stop();
        await local.close();
      }
    });
}
