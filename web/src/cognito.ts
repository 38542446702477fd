/**
 * Sign-in in AWS: Cognito's hosted UI with the authorization-code grant and PKCE (the app client has no
 * secret). The access token goes to the API as a bearer token, as the local login's token does.
 */
import type { WorkspaceConfig } from './api';

const VERIFIER_KEY = 'hotline.pkce';

const base64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

const redirectUri = () => `${window.location.origin}/`;

export async function startCognitoSignIn(config: WorkspaceConfig): Promise<void> {
  if (!config.cognitoDomain || !config.clientId)
    throw new Error('config.json names no Cognito domain or client');
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  sessionStorage.setItem(VERIFIER_KEY, verifier);
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: 'openid email profile',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  window.location.assign(`${config.cognitoDomain}/oauth2/authorize?${q}`);
}

/** After the hosted UI sends the user back with `?code=`: the access token, or null when there is no code. */
export async function finishCognitoSignIn(config: WorkspaceConfig): Promise<string | null> {
  const code = new URLSearchParams(window.location.search).get('code');
  const verifier = sessionStorage.getItem(VERIFIER_KEY);
  if (!code || !verifier || !config.cognitoDomain || !config.clientId) return null;
  sessionStorage.removeItem(VERIFIER_KEY);
  const res = await fetch(`${config.cognitoDomain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code,
      redirect_uri: redirectUri(),
      code_verifier: verifier,
    }),
  });
  window.history.replaceState(null, '', window.location.pathname + window.location.hash);
  if (!res.ok) return null;
  return ((await res.json()) as { access_token?: string }).access_token ?? null;
}
