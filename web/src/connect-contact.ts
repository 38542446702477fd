/**
 * The agent's current contact from Amazon Connect's agent workspace, through the Amazon Connect SDK. The app
 * runs as a third-party app in the workspace's iframe (AWS::AppIntegrations::Application).
 */
import { AmazonConnectApp } from '@amazon-connect/app';
import { ContactClient } from '@amazon-connect/contact';
import type { CurrentContact } from '../../schemas/api';
import type { ContactListener } from './contact-source';

export function followConnectContact(listener: ContactListener): () => void {
  const { provider } = AmazonConnectApp.init({ onCreate: async () => {} });
  const contacts = new ContactClient({ provider });
  const show = async (contactId: string, state: CurrentContact['state']) => {
    const attrs = (await contacts.getAttributes(contactId, '*')) as Record<
      string,
      { value?: string } | string
    >;
    const attributes = Object.fromEntries(
      Object.entries(attrs).map(([k, v]) => [k, typeof v === 'string' ? v : (v?.value ?? '')]),
    );
    // The inbound flow keeps the lookup's answer in contact attributes; the caller's number is not one of them
    // unless the flow saves it as `callerNumber`.
    const phone = attributes.callerNumber || undefined;
    listener({
      contactId,
      ...(phone ? { phone } : {}),
      startedAt: new Date().toISOString(),
      state,
      ...(attributes.menuKey ? { menuKey: attributes.menuKey } : {}),
      attributes,
    });
  };
  const onConnected = async (e: { contactId: string }) => show(e.contactId, 'connected');
  const onIncoming = async (e: { contactId: string }) => show(e.contactId, 'ringing');
  const onCleared = async () => listener(null);
  contacts.onConnected(onConnected);
  contacts.onIncoming(onIncoming);
  contacts.onCleared(onCleared);
  return () => {
    contacts.offConnected(onConnected);
    contacts.offIncoming(onIncoming);
    contacts.offCleared(onCleared);
  };
}
