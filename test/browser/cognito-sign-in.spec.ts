/**
 * The workspace's AWS sign-in, offline: the app as deployed (`config.json` in `cognito` mode) against a local
 * fake of Cognito's hosted UI and token endpoint, and the API verifying the access token with aws-jwt-verify
 * (the pool's keys given to it, as a cold start would fetch them). Proves the authorization-code flow with PKCE
 * end to end: the challenge sent to /oauth2/authorize matches the verifier sent to /oauth2/token, the code is
 * exchanged once, the code leaves the address bar, and the API takes the token and refuses a forged one.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { serve } from '@hono/node-server';
import { expect, test } from '@playwright/test';
import { Hono } from 'hono';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createApi } from '../../functions/api/app.js';
import { CognitoAuthenticator } from '../../functions/api/auth.js';
import { apiDepsFromEnv } from '../../functions/api/deps.js';
import { TABLES } from '../../schemas/tables.js';
import { skipWithoutChromium } from './chromium.js';
import { ROOT, SCREENS } from './local-workspace.js';

// Skips only on a machine without the system Chromium, never in CI (see chromium.ts).
skipWithoutChromium();

const REGION = 'ap-southeast-1';
const POOL = `${REGION}_Offline1`;
const CLIENT = 'workspaceclient0000000000';
const ISSUER = `https://cognito-idp.${REGION}.amazonaws.com/${POOL}`;
const DIST = join(ROOT, 'web', 'dist');
const b64url = (b: Buffer) => b.toString('base64url');

type Server = ReturnType<typeof serve>;
const listen = (app: Hono) =>
  new Promise<{ server: Server; url: string }>((res) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () =>
      res({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    );
  });

let cognito: { server: Server; url: string };
let web: { server: Server; url: string };
const authorizeRequests: URLSearchParams[] = [];
const tokenRequests: { form: URLSearchParams; status: number }[] = [];

test.beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'offline-key', alg: 'RS256', use: 'sig' };
  const { privateKey: otherKey } = await generateKeyPair('RS256');
  const accessToken = (key: typeof privateKey, groups: string[]) =>
    new SignJWT({
      token_use: 'access',
      client_id: CLIENT,
      username: 'li.na',
      'cognito:groups': groups,
      scope: 'openid',
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'offline-key' })
      .setIssuer(ISSUER)
      .setSubject(randomUUID())
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key);

  // ---- the fake hosted UI and token endpoint ----
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const fake = new Hono();
  fake.get('/oauth2/authorize', (c) => {
    const q = new URL(c.req.url).searchParams;
    authorizeRequests.push(q);
    if (
      q.get('client_id') !== CLIENT ||
      q.get('response_type') !== 'code' ||
      q.get('code_challenge_method') !== 'S256'
    )
      return c.text('bad authorize request', 400);
    // The user signs in on the hosted UI (here: already signed in) and is sent back with a one-time code.
    const code = randomUUID();
    codes.set(code, { challenge: q.get('code_challenge') ?? '', redirectUri: q.get('redirect_uri') ?? '' });
    const back = new URL(q.get('redirect_uri') ?? '');
    back.searchParams.set('code', code);
    return c.redirect(back.toString(), 302);
  });
  fake.options('/oauth2/token', (c) =>
    c.body(null, 204, { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type' }),
  );
  fake.post('/oauth2/token', async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const cors = { 'access-control-allow-origin': '*' };
    const grant = codes.get(form.get('code') ?? '');
    codes.delete(form.get('code') ?? '');
    const verifier = form.get('code_verifier') ?? '';
    const ok =
      grant !== undefined &&
      form.get('grant_type') === 'authorization_code' &&
      form.get('client_id') === CLIENT &&
      form.get('redirect_uri') === grant.redirectUri &&
      b64url(createHash('sha256').update(verifier).digest()) === grant.challenge;
    tokenRequests.push({ form, status: ok ? 200 : 400 });
    if (!ok) return c.json({ error: 'invalid_grant' }, 400, cors);
    return c.json(
      { access_token: await accessToken(privateKey, ['agent']), token_type: 'Bearer', expires_in: 3600 },
      200,
      cors,
    );
  });
  cognito = await listen(fake);

  // ---- the app as deployed: config.json in cognito mode, the API with aws-jwt-verify ----
  const auth = new CognitoAuthenticator({ userPoolId: POOL, clientId: CLIENT });
  auth.cacheJwks({ keys: [jwk] } as never);
  const env = {
    ...Object.fromEntries(TABLES.map((t) => [t.envVar, `offline-${t.envVar}`])),
    DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
    HOTLINE_PROFILE: 'auto-dealer',
  };
  const api = createApi(apiDepsFromEnv(env, auth));
  const root = new Hono();
  root.get('/config.json', (c) =>
    c.json({ mode: 'cognito', cognitoDomain: cognito.url, clientId: CLIENT, region: REGION }),
  );
  root.get('/forged-token', async (c) => c.text(await accessToken(otherKey, ['admin'])));
  root.route('/', api.app);
  root.get('*', async (c) => {
    let file = resolve(DIST, `.${new URL(c.req.url).pathname}`);
    if (!file.startsWith(DIST + sep) || !existsSync(file) || extname(file) === '')
      file = join(DIST, 'index.html');
    const type: Record<string, string> = {
      '.html': 'text/html',
      '.js': 'text/javascript',
      '.css': 'text/css',
    };
    return c.body(await readFile(file), 200, {
      'content-type': type[extname(file)] ?? 'application/octet-stream',
    });
  });
  web = await listen(root);
});

test.afterAll(async () => {
  await new Promise((r) => web?.server.close(r));
  await new Promise((r) => cognito?.server.close(r));
});

test('signs in through the hosted UI with PKCE; the API verifies the Cognito token', async ({ page }) => {
  await page.goto(`${web.url}/`);
  await page.getByRole('button', { name: '登录' }).click();

  // Back from the hosted UI: the code is exchanged and the user is in, with the role from the group.
  await expect(page.getByRole('button', { name: 'li.na (agent)' })).toBeVisible();
  await expect(page.getByTestId('no-call')).toBeVisible();
  expect(page.url()).not.toContain('code=');
  await page.screenshot({ path: join(SCREENS, 'cognito-signed-in.png') });

  expect(authorizeRequests).toHaveLength(1);
  const authorize = authorizeRequests[0] as URLSearchParams;
  expect(authorize.get('redirect_uri')).toBe(`${web.url}/`);
  expect(authorize.get('scope')).toContain('openid');
  expect(tokenRequests).toHaveLength(1);
  expect(tokenRequests[0]?.status).toBe(200);
  const verifier = tokenRequests[0]?.form.get('code_verifier') ?? '';
  expect(verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
  expect(b64url(createHash('sha256').update(verifier).digest())).toBe(authorize.get('code_challenge'));

  // Reloading with a used code does not sign anyone in again (the verifier is gone, the code spent).
  const spent = tokenRequests[0]?.form.get('code') ?? '';
  await page.evaluate("sessionStorage.removeItem('hotline.token')");
  await page.goto(`${web.url}/?code=${spent}`);
  await expect(page.getByRole('button', { name: '登录' })).toBeVisible();

  // The API takes only tokens signed by the pool's keys.
  const forged = await (await page.request.get(`${web.url}/forged-token`)).text();
  const refused = await page.request.get(`${web.url}/api/me`, {
    headers: { authorization: `Bearer ${forged}` },
  });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).detail).toContain('invalid token');
});
