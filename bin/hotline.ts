/**
 * `hotline`: the operators' command line. Thin: commander parses, the commands call use
 * cases and print. Errors are one line on stderr; exit codes follow one rule for every command
 * (bin/errors.ts): 0 done, 1 refused or partly done, 2 usage error.
 */
import { Command, CommanderError, Option } from 'commander';
import { DAEMON_COMMAND } from '../infra/local/dynamodb-daemon.js';
import { PROFILE_IDS } from '../schemas/profile-ids.js';
import { registerCommands } from './command-index.js';
import { defaultHome } from './home.js';

/** The program with the command `args` names loaded (bin/command-index.ts); the others listed only. */
export async function buildProgram(args: readonly string[] = process.argv.slice(2)): Promise<Command> {
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
  await registerCommands(program, args);
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
    await (await buildProgram(argv.slice(2))).parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    // Commander printed it; help asked for exits 0, help shown for a missing command is a usage error.
    if (err instanceof CommanderError) return HELP_CODES.has(err.code) && err.exitCode === 0 ? 0 : 2;
    // Loaded only now (bin/errors.ts imports the error classes of the commands that throw them).
    const { formatCliError } = await import('./errors.js');
    const { message, exitCode } = formatCliError(err);
    console.error(`hotline: error: ${message}`);
    if (process.env.HOTLINE_DEBUG && err instanceof Error && err.stack) console.error(err.stack);
    return exitCode;
  }
}

if (process.argv[2] === DAEMON_COMMAND) {
  // Not a command: the background process that keeps a home's DynamoDB Local (infra/local/dynamodb-daemon.ts).
  await (await import('../infra/local/dynamodb-daemon.js')).runDaemon(process.argv.slice(3));
} else if (process.env.HOTLINE_CLI_IN_PROCESS !== '1') {
  // `hotline` itself; a test that runs commands in its own process imports main() with HOTLINE_CLI_IN_PROCESS=1.
  process.exitCode = await main(process.argv);
  // Everything is closed by now; should a stray handle keep the process alive, do not hang.
  setTimeout(() => process.exit(), 5000).unref();
}
