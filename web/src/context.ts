import { createContext, useContext } from 'react';
import type { Lang, Words } from './i18n';

export interface Session {
  readonly username: string;
  readonly role: 'agent' | 'supervisor' | 'admin';
  readonly profile: { id: string; title: string; defaultLanguage: string };
}

export interface AppContextValue {
  readonly t: Words;
  readonly lang: Lang;
  readonly session: Session;
  /** Go to a page: `call`, `customer/<id>`, `tickets?phone=…`, `kb`. */
  navigate(hash: string): void;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const v = useContext(AppContext);
  if (!v) throw new Error('useApp outside the app');
  return v;
}
