/**
 * `hotline`: the operators' command line. Thin: commander parses, the commands call use
 * cases and print. Errors are one line on stderr: exit code 2 for usage errors and unusable
 * input, 1 for anything else (and for an import that rejected rows).
 */
import { Command, CommanderError, Option } from 'commander';
import { CustomerFileError } from '../functions/adapters/files/customer-file.js';
import { SmsTemplateError } from '../functions/core/sms.js';
import { TicketRuleError } from '../functions/core/tickets.js';
import { CrmInputError } from '../functions/use-cases/manage-crm.js';
import { PROFILE_IDS } from '../schemas/profile.js';
import { registerAnalyticsCommands } from './commands/analytics.js';
import { registerCallCommand } from './commands/call.js';
import { registerCallsCommands } from './commands/calls.js';
import { registerCrmCommands } from './commands/crm.js';
import { QaInputError, registerQaCommands } from './commands/qa.js';
import { registerSmsCommands } from './commands/sms.js';
import { registerSurveyCommands } from './commands/survey.js';
import { registerTicketCommands } from './commands/tickets.js';
import { registerWallboardCommand } from './commands/wallboard.js';
import { UsageError } from './options.js';
import { defaultHome } from './runtime.js';

export function buildProgram(): Command {
  const program = new Command('hotline')
    .description(
      'Operate a Hotline contact centre: customers and the blacklist, calls, tickets, SMS, call records, surveys and analytics',
    )
    .exitOverride()
    // Usage errors as one line, named like ours ("hotline: error: …"); commander gives exit code 2 below.
    .configureOutput({ outputError: (text, write) => write(`hotline: ${text}`) })
    .addOption(
      new Option('--profile <name>', 'industry profile (lookup policy, phone region)')
        .choices(PROFILE_IDS)
        .default('auto-dealer'),
    )
    .option('--region <CC>', "region for numbers written without a country code (default: the profile's, CN)")
    .option('--home <dir>', 'folder of the local data ($HOTLINE_HOME)', defaultHome())
    .option('--aws', 'act on the deployed tables in AWS (credentials and region as for the AWS CLI)')
    .option('--stack-prefix <prefix>', 'prefix of the deployed stacks (with --aws)', 'Hotline')
    .addHelpText(
      'after',
      `
Examples:
  hotline crm import infra/local/seed/auto-dealer.csv
  hotline crm show 138-0013-8000
  hotline crm block "+86 139 1000 2000" --reason spam --until 2030-01-01
  hotline --aws crm vip 13800138000 --agent agent-07`,
    );
  registerCrmCommands(program);
  registerCallCommand(program);
  registerTicketCommands(program);
  registerSmsCommands(program);
  registerCallsCommands(program);
  registerSurveyCommands(program);
  registerAnalyticsCommands(program);
  registerWallboardCommand(program);
  registerQaCommands(program);
  return program;
}

const HELP_CODES = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

// `hotline … | head`: a closed pipe ends the output, not the command (which still stops what it started).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
}

/** Run the command line; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    // Commander printed it; help asked for exits 0, help shown for a missing command is a usage error.
    if (err instanceof CommanderError) return HELP_CODES.has(err.code) && err.exitCode === 0 ? 0 : 2;
    const usage =
      err instanceof UsageError ||
      err instanceof CrmInputError ||
      err instanceof CustomerFileError ||
      err instanceof TicketRuleError ||
      err instanceof SmsTemplateError ||
      err instanceof QaInputError;
    const message = err instanceof Error ? err.message : String(err);
    console.error(`hotline: error: ${message.split('\n')[0]}`);
    if (process.env.HOTLINE_DEBUG && err instanceof Error && err.stack) console.error(err.stack);
    return usage ? 2 : 1;
  }
}

process.exitCode = await main(process.argv);
// Everything is closed by now; should a stray handle keep the process alive, do not hang.
setTimeout(() => process.exit(), 5000).unref();
