/**
 * `hotline db …`: the DynamoDB Local that keeps the local data of a home, which the first command
 * starts and later commands and `npm start` reuse (infra/local/dynamodb-daemon.ts).
 */
import type { Command } from 'commander';
import { keeperStatus, parseIdle, stopKeeper } from '../../infra/local/dynamodb-daemon.js';

const defaultIdle = () => {
  const ms = parseIdle(process.env.HOTLINE_DYNAMODB_IDLE);
  return ms === 0 ? 'stopped after each command' : `stopped after ${ms / 1000} s unused`;
};

export function registerDbCommands(program: Command): void {
  const db = program
    .command('db')
    .description('the local DynamoDB Local kept running between commands: status, stop')
    .addHelpText(
      'after',
      `
The first command that needs the local data in --home starts DynamoDB Local in the background;
later commands and \`npm start\` on the same home reuse it. It stops by itself once unused for
HOTLINE_DYNAMODB_IDLE (seconds, or 90s, 10m, 1h; default 10m; 0 = after each command).`,
    );

  db.command('status')
    .description('whether DynamoDB Local runs for the home, where, and who uses it')
    .option('--json', 'print as JSON')
    .action((opts: { json?: boolean }, cmd: Command) => {
      const home = cmd.optsWithGlobals<{ home: string }>().home;
      const status = keeperStatus(home);
      if (opts.json) {
        console.log(JSON.stringify({ home, running: status.state !== undefined, ...status }, null, 2));
        return;
      }
      if (!status.state) {
        console.log(
          `DynamoDB Local is not running for ${home} (the next command starts it; ${defaultIdle()})`,
        );
        return;
      }
      const s = status.state;
      const idle = s.idleMs === 0 ? 'after each command' : `after ${s.idleMs / 1000} s unused`;
      console.log(`DynamoDB Local runs for ${home} at ${s.endpoint} since ${s.startedAt}`);
      console.log(`  keeper pid ${s.pid}, Java pid ${s.javaPid}; stops ${idle}`);
      if (status.users.length === 0) console.log('  in use by: nobody');
      for (const u of status.users) console.log(`  in use by pid ${u.pid}: ${u.command}`);
    });

  db.command('stop')
    .description('stop DynamoDB Local for the home now (not while npm start or a command uses it)')
    .action(async (_opts: unknown, cmd: Command) => {
      const home = cmd.optsWithGlobals<{ home: string }>().home;
      const out = await stopKeeper(home);
      if (!out.wasRunning) console.log(`DynamoDB Local is not running for ${home}`);
      else if (out.stopped) console.log(`stopped DynamoDB Local for ${home}`);
      else {
        const who = out.users.map((u) => `pid ${u.pid} (${u.command})`).join(', ');
        console.error(`hotline: error: DynamoDB Local for ${home} is in use by ${who}: not stopped`);
        process.exitCode = 1;
      }
    });
}
