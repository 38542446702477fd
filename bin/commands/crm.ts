/**
 * `hotline crm …`: import customers, block and unblock numbers, VIPs, and show what a
 * number's caller sees. Thin: parse arguments, run a use case, print.
 */
import cliProgress from 'cli-progress';
import { type Command, Option } from 'commander';
import {
  CUSTOMER_FILE_FORMATS,
  type CustomerFileFormat,
  openCustomerFile,
} from '../../functions/adapters/files/customer-file.js';
import { lookupPolicyOf } from '../../functions/shared/lookup-policy.js';
import {
  ImportStoppedError,
  type ImportSummary,
  importCustomers,
} from '../../functions/use-cases/import-customers.js';
import {
  blockNumber,
  checkVipInput,
  type NumberReport,
  operatorNumber,
  prepareBlock,
  setVip,
  showNumber,
  unblockNumber,
} from '../../functions/use-cases/manage-crm.js';
import { BLOCK_REASONS, type CustomerItem } from '../../schemas/crm.js';
import { type GlobalOptions, globalOptions } from '../options.js';
import { type CrmRuntime, withCrm } from '../runtime.js';
import { registerForgetCommand } from './forget.js';

/** Files at least this big get a progress bar (when stderr is a terminal). */
const PROGRESS_MIN_BYTES = 256 * 1024;
/** The show command's wait for data: the Lambda's logic, with room for a cold local store. */
const SHOW_BUDGET_MS = 10_000;

export function registerCrmCommands(program: Command): void {
  const crm = program.command('crm').description('customers, VIPs and the blacklist (CRM)');
  registerForgetCommand(crm);

  crm
    .command('import')
    .description('import customers from a CSV file (with a header row) or a JSON-lines file')
    .argument('<file>', '.csv, .jsonl or .ndjson file')
    .addOption(
      new Option('--format <format>', 'file format (default: from the extension)').choices(
        CUSTOMER_FILE_FORMATS,
      ),
    )
    .option('--json', 'print the summary and the rejected rows as JSON')
    .addHelpText(
      'after',
      `
Columns (CSV) or fields (JSON lines):
  customerId        required; letters, digits, "-" or "_"
  name              required
  phones            required; several numbers separated by ";" or "|" (JSON: an array or a string)
  tier              standard | silver | gold | platinum (default standard)
  vip               true/false, yes/no, 1/0 (default false)
  branch, cardNumber, dedicatedAgentId
  language          zh-CN | en-US (default zh-CN)
  pickupAddress     carrier: where couriers collect (with branch: the pickup branch)
  vehicles          dealer: plate|model|purchase date, several separated by ";"
                    e.g. 沪A12345|Model Y|2024-05-01;沪B54321|凯美瑞|2021-03-15
                    (JSON: a list of {"plate","model","purchaseDate"})
  client, brand     outsourcer: the client company and the brand

Bad rows are reported with their line and skipped; the others are imported. Importing the
same file again changes nothing. Exit code: 0 all imported, 1 some rows rejected or the import stopped part-way, 2 a file that cannot be read.`,
    )
    .action(async (file: string, opts: { format?: CustomerFileFormat; json?: boolean }, cmd: Command) => {
      const g = globalOptions(cmd);
      await importCommand(g, file, opts);
    });

  crm
    .command('block')
    .description('block a number: its calls are refused politely')
    .argument('<number>', 'the number, in any format')
    .addOption(new Option('--reason <reason>', 'why').choices(BLOCK_REASONS).makeOptionMandatory())
    .option(
      '--until <date>',
      'end of the block: 2026-01-31, 2026-01-31T18:00 or with an offset (default: until unblocked)',
    )
    .option('--by <who>', 'who blocks (default: $USER, or "operator")')
    .action(async (number: string, opts: { reason: string; until?: string; by?: string }, cmd: Command) => {
      const g = globalOptions(cmd);
      const input = {
        number,
        reason: opts.reason,
        by: opts.by ?? (process.env.USER || 'operator'),
        ...(opts.until !== undefined ? { until: opts.until } : {}),
      };
      prepareBlock(input, g.region, new Date(), g.timeZone); // refuse bad input before starting anything
      await withCrm(g.location, async (rt) => {
        const { number: e164, block } = await blockNumber(
          { crm: rt.crm, phoneRegion: g.region, timeZone: g.timeZone },
          input,
        );
        const until = block.until ? `until ${block.until}` : 'until unblocked';
        console.log(`blocked ${e164} (${block.reason}) ${until}, by ${block.blockedBy}`);
      });
    });

  crm
    .command('unblock')
    .description("lift a number's block")
    .argument('<number>', 'the number, in any format')
    .action(async (number: string, _opts: unknown, cmd: Command) => {
      const g = globalOptions(cmd);
      operatorNumber(number, g.region);
      await withCrm(g.location, async (rt) => {
        const out = await unblockNumber({ crm: rt.crm, phoneRegion: g.region }, number);
        if (out.wasBlocked) console.log(`unblocked ${out.number}`);
        else if (out.previous) console.log(`${out.number} was not blocked (its expired block was removed)`);
        else console.log(`${out.number} was not blocked`);
      });
    });

  crm
    .command('vip')
    .description(
      'make a customer a VIP (green channel), optionally with a dedicated agent, or no longer (--off)',
    )
    .argument('<customer>', "one of the customer's numbers (any format) or the customer id")
    .option('--agent <id>', 'dedicated agent: the VIP is routed to them first')
    .option('--off', 'withdraw VIP status and the dedicated agent')
    .action(async (customer: string, opts: { agent?: string; off?: boolean }, cmd: Command) => {
      const g = globalOptions(cmd);
      const input = {
        customer,
        off: opts.off === true,
        ...(opts.agent !== undefined ? { agentId: opts.agent } : {}),
      };
      checkVipInput(input);
      await withCrm(g.location, async (rt) => {
        const out = await setVip(
          { crm: rt.crm, phoneRegion: g.region, ...(g.agentIds ? { agentIds: g.agentIds } : {}) },
          input,
        );
        const c = out.customer;
        const who = `customer ${c.customerId} (${c.name})`;
        const agent = c.dedicatedAgentId ? ` with dedicated agent ${c.dedicatedAgentId}` : '';
        if (out.result === 'unchanged') {
          console.log(`${who} already is ${c.vip ? `a VIP${agent}` : 'not a VIP'}: nothing changed`);
        } else console.log(c.vip ? `${who} is now a VIP${agent}` : `${who} is no longer a VIP`);
      });
    });

  crm
    .command('show')
    .description(
      'show what the caller-lookup Lambda answers for a number, with its block and customer record',
    )
    .argument('<number>', 'the number, in any format')
    .option('--json', 'print as JSON')
    .action(async (number: string, opts: { json?: boolean }, cmd: Command) => {
      const g = globalOptions(cmd);
      operatorNumber(number, g.region);
      await withCrm(g.location, async (rt) => {
        const report = await showNumber(
          {
            crm: rt.crm,
            phoneRegion: g.region,
            policy: lookupPolicyOf(g.profile),
            budgetMs: SHOW_BUDGET_MS,
          },
          number,
        );
        if (opts.json) {
          console.log(
            JSON.stringify(
              {
                number: report.number,
                profile: g.profile.id,
                lookup: report.lookup,
                block: report.block ?? null,
                customer: report.customer ? customerFields(report.customer) : null,
              },
              null,
              2,
            ),
          );
        } else console.log(renderReport(report, g.profile.id, rt));
      });
    });
}

async function importCommand(
  g: GlobalOptions,
  file: string,
  opts: { format?: CustomerFileFormat; json?: boolean },
) {
  let bar: cliProgress.SingleBar | undefined;
  const source = await openCustomerFile(file, {
    ...(opts.format ? { format: opts.format } : {}),
    onBytes: (n) => bar?.increment(n),
  });
  await withCrm(g.location, async (rt) => {
    if (!opts.json) console.error(`importing ${file} (${source.format}) into ${rt.where}`);
    if (!opts.json && process.stderr.isTTY && source.size >= PROGRESS_MIN_BYTES) {
      bar = new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: 'importing |{bar}| {percentage}% | {value} of {total} | {rows} rows | ETA {eta_formatted}',
          formatValue: (v, _o, type) => (type === 'value' || type === 'total' ? megabytes(v) : String(v)),
          hideCursor: true,
          clearOnComplete: true,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(source.size, 0, { rows: 0 });
    }
    let summary: ImportSummary;
    let stopped: ImportStoppedError | undefined;
    try {
      summary = await importCustomers({ crm: rt.crm }, source.rows(), {
        region: g.region,
        onProgress: (s) => bar?.update({ rows: s.rows }),
      });
    } catch (err) {
      if (!(err instanceof ImportStoppedError)) throw err;
      stopped = err;
      summary = err.summary;
    } finally {
      bar?.stop();
    }
    const line = `created ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, rejected ${summary.rejected}`;
    if (opts.json) {
      console.log(
        JSON.stringify(
          {
            file,
            format: source.format,
            target: rt.where,
            rows: summary.rows,
            created: summary.created,
            updated: summary.updated,
            unchanged: summary.unchanged,
            rejected: summary.rejected,
            rejectedRows: summary.rejectedRows,
            ignoredFields: summary.ignoredFields,
            ...(stopped ? { stopped: stopped.message } : {}),
          },
          null,
          2,
        ),
      );
    } else {
      for (const r of summary.rejectedRows) {
        console.error(`line ${r.line}${r.customerId ? ` (${r.customerId})` : ''}: ${r.reasons.join('; ')}`);
      }
      if (summary.ignoredFields.length)
        console.error(`ignored unknown columns: ${summary.ignoredFields.join(', ')}`);
      console.log(line);
    }
    if (stopped) {
      console.error(
        `hotline: error: the import stopped at ${stopped.message}; the rows before it were imported — fix the file and import it again`,
      );
      process.exitCode = 1; // partly done
    } else process.exitCode = summary.rejected > 0 ? 1 : 0;
  });
}

const megabytes = (bytes: number): string =>
  bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The customer's own fields and timestamps, without the table's keys. */
function customerFields(item: CustomerItem): Record<string, unknown> {
  const { pk: _pk, sk: _sk, entity: _entity, gsi1pk: _g1, gsi1sk: _g2, ...rest } = item;
  return rest;
}

function keyValues(record: Record<string, unknown>, indent = '  '): string {
  const entries = Object.entries(record).filter(([, v]) => v !== undefined);
  const width = Math.max(0, ...entries.map(([k]) => k.length)) + 1;
  return entries
    .map(
      ([k, v]) =>
        // Lists: numbers as they are; vehicles (objects) as `plate model purchase date`.
        `${indent}${`${k}:`.padEnd(width)} ${Array.isArray(v) ? v.map((x) => (typeof x === 'object' && x !== null ? Object.values(x).join(' ') : String(x))).join(', ') : String(v)}`,
    )
    .join('\n');
}

function renderReport(report: NumberReport, profile: string, rt: CrmRuntime): string {
  const parts = [
    `${report.number} — what the caller-lookup Lambda answers (profile ${profile}, ${rt.where}):`,
    keyValues(report.lookup),
    '',
    '── block ──',
    report.block
      ? keyValues({
          inForce: report.block.active ? 'yes' : 'no (expired)',
          reason: report.block.reason,
          blockedBy: report.block.blockedBy,
          blockedAt: report.block.blockedAt,
          until: report.block.until ?? '(until unblocked)',
        })
      : '  (not blocked)',
    '',
    '── customer record ──',
    report.customer ? keyValues(customerFields(report.customer)) : '  (no customer has this number)',
  ];
  return parts.join('\n');
}
