/**
 * Where the current contact comes from. Locally: the local server's /api/contacts/current, polled (it follows
 * the call console). Inside Amazon Connect's agent workspace (the app is registered as a third-party app):
 * the Amazon Connect SDK (@amazon-connect/contact), loaded only there so the local bundle stays small.
 */
import type { CurrentContact } from '../../schemas/api';
import { api } from './api';

export type ContactListener = (c: CurrentContact | null) => void;

const inConnectWorkspace = () => window.parent !== window && /[?&]connect=1\b/.test(window.location.search);

/** Follow the agent's current contact; returns a function that stops following. */
export function followContact(listener: ContactListener): () => void {
  if (inConnectWorkspace()) {
    let stop = () => {};
    void import('./connect-contact').then((m) => {
      stop = m.followConnectContact(listener);
    });
    return () => stop();
  }
  let stopped = false;
  let last = '';
  const tick = async () => {
    try {
      const r = await api<{ contact: CurrentContact | null }>('GET', '/api/contacts/current');
      const key = JSON.stringify(r.contact);
      if (key !== last) {
        last = key;
        listener(r.contact);
      }
    } catch {
      // the next tick tries again
    }
    if (!stopped) setTimeout(tick, 500);
  };
  void tick();
  return () => {
    stopped = true;
  };
}
