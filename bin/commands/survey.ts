/** `hotline survey stats`: CSAT per agent and per queue (average score and share of 4–5). */
import type { Command } from 'commander';
import { type CsatLine, csatStats } from '../../functions/core/call-record.js';
import { globalOptions } from '../options.js';
import { withCallRecords } from './call-records-runtime.js';

export function registerSurveyCommands(program: Command): void {
  const survey = program.command('survey').description('post-call survey results');
  survey
    .command('stats')
    .description('CSAT per agent and per queue: responses, average (1-5), share of 4-5')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const g = globalOptions(cmd);
      await withCallRecords(g.location, async ({ records }) => {
        const stats = csatStats(await records.listSurveys());
        if (opts.json) {
          console.log(JSON.stringify(stats, null, 2));
          return;
        }
        if (stats.overall.responses === 0) {
          console.log('no survey results yet');
          return;
        }
        console.log(table('agent', stats.byAgent));
        console.log('');
        console.log(table('queue', stats.byQueue));
        console.log('');
        console.log(table('overall', [stats.overall]));
      });
    });
}

function table(title: string, lines: readonly CsatLine[]): string {
  const width = Math.max(title.length, ...lines.map((l) => l.key.length));
  const head = `${title.padEnd(width)}  responses  average  CSAT (4-5)`;
  return [
    head,
    ...lines.map(
      (l) =>
        `${l.key.padEnd(width)}  ${String(l.responses).padStart(9)}  ${l.average.toFixed(2).padStart(7)}  ${`${l.csat.toFixed(1)}%`.padStart(10)}`,
    ),
  ].join('\n');
}
