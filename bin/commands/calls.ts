/**
 * `hotline calls list --from NUMBER` and `hotline calls show CONTACT_ID`: the company's call records (F10) with
 * their recording, transcript and survey (F8, F9). Thin: parse, read, print.
 */
import type { Command } from 'commander';
import { requireE164 } from '../../functions/core/phone.js';
import type { ContactView } from '../../functions/ports/call-records.js';
import type { CallRecordItem } from '../../schemas/call-record.js';
import { RefusedError } from '../errors.js';
import { globalOptions, UsageError } from '../options.js';
import { withCallRecords } from './call-records-runtime.js';

export function registerCallsCommands(program: Command): void {
  const calls = program.command('calls').description('call records: history per number, one call in full');

  calls
    .command('list')
    .description("a number's calls, newest first")
    .requiredOption('--from <number>', 'the caller number, in any format')
    .option('--limit <n>', 'at most this many', '20')
    .option('--json', 'print JSON')
    .action(async (opts: { from: string; limit: string; json?: boolean }, cmd: Command) => {
      const g = globalOptions(cmd);
      let e164: string;
      try {
        e164 = requireE164(opts.from, g.region);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
        throw new UsageError('--limit must be 1 to 1000');
      await withCallRecords(g.location, async ({ records }) => {
        const list = await records.listByCaller(e164, limit);
        if (opts.json) {
          console.log(JSON.stringify(list.map(summary), null, 2));
          return;
        }
        if (list.length === 0) {
          console.log(`no calls from ${e164}`);
          return;
        }
        console.log(`${list.length} call(s) from ${e164}, newest first:`);
        for (const r of list) console.log(line(r));
      });
    });

  calls
    .command('show')
    .description('one call: record, recording, transcript and survey')
    .argument('<contactId>', 'the Connect ContactId')
    .option('--json', 'print JSON')
    .action(async (contactId: string, opts: { json?: boolean }, cmd: Command) => {
      const g = globalOptions(cmd);
      await withCallRecords(g.location, async ({ records }) => {
        const view = await records.getContact(contactId);
        if (!view.record && !view.survey && !view.transcript) {
          throw new RefusedError(`no call ${contactId}`);
        }
        if (opts.json) {
          const { record, ...rest } = view;
          console.log(JSON.stringify({ ...(record ? { record: summary(record) } : {}), ...rest }, null, 2));
          return;
        }
        console.log(show(contactId, view));
      });
    });
}

function summary(r: CallRecordItem) {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ctr: _ctr, entity: _e, ...rest } = r;
  return rest;
}

function line(r: CallRecordItem): string {
  return [
    r.initiatedAt,
    r.contactId,
    r.channel,
    r.queue ?? '-',
    r.agentId ?? '(no agent)',
    r.disconnectReason ?? '',
    r.recording ? 'recorded' : '',
  ]
    .filter((x) => x !== '')
    .join('  ');
}

export function show(contactId: string, v: ContactView): string {
  const out: string[] = [`Call ${contactId}`];
  const r = v.record;
  if (r) {
    out.push(
      `  from        ${r.callerNumber ?? 'withheld'}${r.customerId ? `  (customer ${r.customerId})` : ''}`,
      `  when        ${r.initiatedAt} → ${r.disconnectedAt ?? '?'}  (${r.channel}, ${r.initiationMethod})`,
      `  queue       ${r.queue ?? '-'}`,
      `  agent       ${r.agentId ?? '(none)'}${r.talkSeconds !== undefined ? `  talk ${r.talkSeconds}s` : ''}`,
      `  ended       ${r.disconnectReason ?? '-'}`,
      `  record      updated ${r.lastUpdateTimestamp}`,
      `  recording   ${r.recording ? `s3://${r.recording.bucket}/${r.recording.key}` : '(none)'}`,
    );
  } else out.push('  (no call record yet: the contact record has not arrived)');
  const t = v.transcription;
  if (t)
    out.push(
      `  transcription ${t.status} (job ${t.jobName}, attempt ${t.attempt}${t.failureReason ? `, ${t.failureReason}` : ''})`,
    );
  if (v.transcript) {
    out.push('  transcript');
    for (const turn of v.transcript.turns) {
      out.push(`    [${turn.start.toFixed(1)}s] ${turn.speaker.padEnd(8)} ${turn.text}`);
    }
  } else out.push('  transcript  (none)');
  const s = v.survey;
  out.push(
    s
      ? `  survey      ${s.score}/5${s.answer2 !== undefined ? `, second answer ${s.answer2}/5` : ''} (agent ${s.agentId ?? '-'}, queue ${s.queue ?? '-'})${s.followUpTicketId ? `, follow-up ticket ${s.followUpTicketId}` : ''}`
      : '  survey      (none)',
  );
  return out.join('\n');
}
