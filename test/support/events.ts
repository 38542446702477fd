import { readFileSync } from 'node:fs';
import type { ConnectContactFlowEvent } from '../../schemas/connect-event.js';

const here = new URL('../fixtures/events/', import.meta.url);

/** A published AWS sample event from test/fixtures/events/<source>/<name>.json. */
export function fixture<T = unknown>(source: string, name: string): T {
  return JSON.parse(readFileSync(new URL(`${source}/${name}.json`, here), 'utf8')) as T;
}

/** The Connect sample event with another caller number (null: no CustomerEndpoint at all). */
export function connectEvent(
  caller: string | null,
  contactId = 'c0ffee00-0000-4000-8000-000000000001',
): ConnectContactFlowEvent {
  const event = fixture<ConnectContactFlowEvent>('connect', 'contact-flow-event');
  event.Details.ContactData.ContactId = contactId;
  event.Details.ContactData.CustomerEndpoint =
    caller === null ? null : { Address: caller, Type: 'TELEPHONE_NUMBER' };
  return event;
}
