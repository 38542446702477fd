/** The workspace talks only to the HTTP API. Errors arrive as RFC 9457 problem JSON. */
import type { Problem } from '../../schemas/api';

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

export interface WorkspaceConfig {
  readonly mode: 'local' | 'cognito';
  /** Base URL of the API ('' = same origin). */
  readonly apiUrl?: string;
  readonly cognitoDomain?: string;
  readonly clientId?: string;
}

let token: string | null = sessionStorage.getItem('hotline.token');
let onUnauthorized: () => void = () => {};
let base = '';

export const setApiBase = (url: string) => {
  base = url.replace(/\/$/, '');
};
export const setToken = (t: string | null) => {
  token = t;
  if (t) sessionStorage.setItem('hotline.token', t);
  else sessionStorage.removeItem('hotline.token');
};
export const hasToken = () => token !== null;
export const setOnUnauthorized = (f: () => void) => {
  onUnauthorized = f;
};

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    if (res.status === 401) onUnauthorized();
    throw new ApiError(json ?? { type: 'about:blank', title: res.statusText, status: res.status });
  }
  return json as T;
}

export async function loadConfig(): Promise<WorkspaceConfig> {
  const res = await fetch('/config.json');
  return (await res.json()) as WorkspaceConfig;
}

export async function localLogin(
  username: string,
  password: string,
): Promise<{ token: string; role: string }> {
  return api('POST', '/auth/login', { username, password });
}

/** A binary answer (e.g. a recording) as an object URL, fetched with the bearer token; revoke it when done. */
export async function apiObjectUrl(path: string): Promise<string> {
  const res = await fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) {
    const text = await res.text();
    if (res.status === 401) onUnauthorized();
    throw new ApiError(
      text ? JSON.parse(text) : { type: 'about:blank', title: res.statusText, status: res.status },
    );
  }
  return URL.createObjectURL(await res.blob());
}
