/**
 * The wallboard inside `npm start` (`:wallboard`), and the ACD state file that lets `hotline wallboard` in
 * another terminal watch the console's ACD. Kept out of start.ts so the console only calls two functions.
 */
import { renderWallboard } from '../../bin/commands/wallboard.js';
import { supervisionOf } from '../../contact-flows/profiles/supervision.js';
import { scanCallRecords } from '../../functions/adapters/dynamodb/contacts-scan.js';
import { DynamoSupervisionRepository } from '../../functions/adapters/dynamodb/supervision-repository.js';
import { LocalAcdWallboardSource, saveAcdState } from '../../functions/adapters/local/acd-wallboard.js';
import { OutboxNotifier } from '../../functions/adapters/local/outbox.js';
import { contactRowOf } from '../../functions/core/analytics/rows.js';
import { startOfDay, todayByQueue } from '../../functions/core/supervision/wallboard.js';
import { refreshWallboard } from '../../functions/use-cases/supervision/refresh-wallboard.js';
import { CONTACTS_TABLE, SUPERVISION_TABLE } from '../../schemas/tables.js';
import type { LocalContactCentre } from './contact-centre.js';

/** Save the console's ACD for `hotline wallboard` (never fails the console: a write error is ignored). */
export async function shareAcdState(centre: LocalContactCentre, clockAt: Date): Promise<void> {
  await saveAcdState(centre.data.home, centre.profile, centre.centre.runtime.acd, clockAt).catch(
    () => undefined,
  );
}

/** The wallboard of the console's ACD at `clockAt`, as text; breaches are notified once (notifications.jsonl). */
export async function consoleWallboard(
  centre: LocalContactCentre,
  clockAt: Date,
  timeZone: string,
): Promise<string> {
  const settings = supervisionOf(centre.profile.id).wallboard;
  const { data } = centre;
  const contactsTable = data.tableEnv[CONTACTS_TABLE.envVar] as string;
  const { board, notified } = await refreshWallboard({
    source: new LocalAcdWallboardSource(
      async () => ({ acd: centre.centre.runtime.acd, at: clockAt }),
      async (at) =>
        todayByQueue(
          (
            await scanCallRecords(
              data.doc,
              contactsTable,
              startOfDay(at, timeZone),
              new Date(at.getTime() + 1000),
            )
          ).map(contactRowOf),
          settings.serviceLevel.thresholdSeconds,
        ),
    ),
    settings,
    alerts: {
      ledger: new DynamoSupervisionRepository(data.doc, data.tableEnv[SUPERVISION_TABLE.envVar] as string),
      notifier: new OutboxNotifier(data.home, () => clockAt),
      topic: 'supervisor',
      profileTitle: centre.profile.title,
    },
    now: () => clockAt,
  });
  const text = renderWallboard(board, centre.profile.title);
  return notified.length
    ? `${text}\n${notified.map((b) => `  notified the supervisors: ${b.kind} ${b.subject} (notifications.jsonl)`).join('\n')}`
    : text;
}
