/**
 * `hotline sms …` (F11): send a templated SMS, show the local outbox and the message log, opt numbers out
 * (or back in). Local by default (the outbox under --home); `--aws` sends through SNS.
 */
import type { Command } from 'commander';
import { readOutbox } from '../../functions/adapters/local/outbox.js';
import { normalizePhone } from '../../functions/core/phone.js';
import { optOut, sendSms } from '../../functions/use-cases/sms/send-sms.js';
import { LANGUAGES } from '../../schemas/crm.js';
import { SMS_TEMPLATES, type SmsTemplateKey, TEMPLATE_VARIABLES } from '../../schemas/sms.js';
import { RefusedError } from '../errors.js';
import { globalOptions, UsageError } from '../options.js';
import { withTickets } from '../ticket-runtime.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerSmsCommands(program: Command): void {
  const sms = program.command('sms').description('SMS message centre: send, outbox, opt-out');

  sms
    .command('send')
    .description(`send a template (${SMS_TEMPLATES.join(', ')}) with its variables`)
    .argument('<number>', 'the number, in any format')
    .argument('<template>', 'template key')
    .option('--var <name=value>', 'a template variable (repeat)', collect, [])
    .option('--language <l>', `zh-CN or en-US`, 'zh-CN')
    .option('--json', 'print the outcome as JSON')
    .addHelpText(
      'after',
      `\nVariables per template:\n${SMS_TEMPLATES.map((t) => `  ${t.padEnd(20)} ${TEMPLATE_VARIABLES[t].join(', ')}`).join('\n')}`,
    )
    .action(
      async (
        number: string,
        template: string,
        opts: { var: string[]; language: string; json?: boolean },
        cmd: Command,
      ) => {
        const g = globalOptions(cmd);
        if (normalizePhone(number, g.region).kind !== 'e164')
          throw new UsageError(`"${number}" is not a phone number`);
        if (!SMS_TEMPLATES.includes(template as SmsTemplateKey))
          throw new UsageError(`template must be one of ${SMS_TEMPLATES.join(', ')}`);
        if (!(LANGUAGES as readonly string[]).includes(opts.language))
          throw new UsageError(`--language must be one of ${LANGUAGES.join(', ')}`);
        const variables: Record<string, string> = {};
        for (const v of opts.var) {
          const i = v.indexOf('=');
          if (i < 1) throw new UsageError(`--var "${v}" must be name=value`);
          variables[v.slice(0, i)] = v.slice(i + 1);
        }
        await withTickets(g.location, g.profile, g.region, async ({ deps }) => {
          const r = await sendSms(deps.sms, {
            to: number,
            template: template as SmsTemplateKey,
            language: opts.language as (typeof LANGUAGES)[number],
            variables,
            requestedBy: `cli:${process.env.USER || 'operator'}`,
          });
          if (opts.json) console.log(JSON.stringify(r));
          // Not sent (opted out, rate limited, deferred, failed): refused, on stderr like every refusal.
          if (r.status !== 'sent')
            throw new RefusedError(
              `not sent: ${r.status}${r.error ? ` (${r.error})` : ''}${r.messageId ? `; message ${r.messageId} in the log` : ''}`,
            );
          if (!opts.json) console.log(`sent ${r.messageId}`);
        });
      },
    );

  sms
    .command('outbox')
    .description('what the local SMS gateway sent (the outbox under --home)')
    .option('--to <number>', 'only messages to this number')
    .option('--json', 'JSON lines')
    .action(async (opts: { to?: string; json?: boolean }, cmd: Command) => {
      const g = globalOptions(cmd);
      if (g.location.aws) throw new UsageError('the outbox is local; with --aws, see the SNS delivery logs');
      const to = opts.to ? normalizePhone(opts.to, g.region) : undefined;
      if (to && to.kind !== 'e164') throw new UsageError(`--to "${opts.to}" is not a phone number`);
      const lines = (await readOutbox(g.location.home)).filter(
        (l) => !to || (to.kind === 'e164' && l.to === to.e164),
      );
      for (const l of lines) console.log(opts.json ? JSON.stringify(l) : `${l.at}  ${l.to}  ${l.body}`);
      if (!opts.json && lines.length === 0) console.log('the outbox is empty');
    });

  sms
    .command('log')
    .description('the message log of one number (every send with its status and message id)')
    .argument('<number>', 'the number, in any format')
    .action(async (number: string, _opts: unknown, cmd: Command) => {
      const g = globalOptions(cmd);
      const n = normalizePhone(number, g.region);
      if (n.kind !== 'e164') throw new UsageError(`"${number}" is not a phone number`);
      await withTickets(g.location, g.profile, g.region, async ({ deps }) => {
        for (const m of await deps.sms.store.listLog({ to: n.e164 }))
          console.log(
            `${m.at}  ${m.status.padEnd(12)} ${m.template.padEnd(18)} ${m.messageId}  ${m.providerMessageId ? `gateway ${m.providerMessageId}` : ''}${m.error ? `  ${m.error}` : ''}`.trimEnd(),
          );
      });
    });

  sms
    .command('optout')
    .description('opt a number out of every SMS (as a STOP reply does), or back in with --undo')
    .argument('<number>', 'the number, in any format')
    .option('--undo', 'opt the number back in')
    .action(async (number: string, opts: { undo?: boolean }, cmd: Command) => {
      const g = globalOptions(cmd);
      const n = normalizePhone(number, g.region);
      if (n.kind !== 'e164') throw new UsageError(`"${number}" is not a phone number`);
      await withTickets(g.location, g.profile, g.region, async ({ deps }) => {
        if (opts.undo) {
          await deps.sms.store.optIn(n.e164);
          console.log(`${n.e164} opted back in`);
        } else {
          const e164 = await optOut(deps.sms, number, 'operator', `cli:${process.env.USER || 'operator'}`);
          console.log(`${e164} opted out: no SMS will be sent to it`);
        }
      });
    });
}
