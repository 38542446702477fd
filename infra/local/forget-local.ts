/**
 * The local stand-ins that may hold a customer's number (issue 17, erasure): the SMS outbox, the notification file
 * and the dead-letter file under $HOTLINE_HOME, standing in for SNS and SQS. `hotline crm forget` and the local
 * server's erasure requests drop every line naming one of the numbers or the customer id.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { numberForms } from '../../functions/core/privacy/traces.js';
import type { ForgetSubject } from '../../functions/ports/personal-data.js';

/** Local files that stand in for SNS and SQS and may hold a number: lines naming one are dropped. */
const LOCAL_FILES = ['sms-outbox.jsonl', 'notifications.jsonl', 'dead-letters.jsonl'];
export const LOCAL_FILES_LABEL = 'localFileLines';

function scrubLocalFiles(home: string, forms: readonly string[], customerId: string | null): number {
  let removed = 0;
  for (const name of LOCAL_FILES) {
    const path = join(home, name);
    if (!existsSync(path)) continue;
    const lines = readFileSync(path, 'utf8').split('\n');
    const kept = lines.filter((line) => {
      // Dead letters carry the record base64-encoded: look inside too.
      const decoded = /"data":"([A-Za-z0-9+/=]+)"/.exec(line)?.[1];
      const text = decoded ? `${line}${Buffer.from(decoded, 'base64').toString('utf8')}` : line;
      const hit =
        forms.some((f) => text.includes(f)) || (customerId !== null && text.includes(`"${customerId}"`));
      if (hit && line.trim()) removed++;
      return !hit;
    });
    if (kept.length !== lines.length) writeFileSync(path, kept.join('\n'), 'utf8');
  }
  return removed;
}

/** The forget use case's eraser for the local files (`others`), counted as `localFileLines`. */
export function localFileEraser(home: string) {
  return {
    name: LOCAL_FILES_LABEL,
    erase: async (subject: ForgetSubject) =>
      scrubLocalFiles(home, numberForms(subject.numbers), subject.customerId ?? null),
  };
}
