/**
 * Who is calling the API. In AWS: Cognito access tokens, checked by API Gateway's JWT authorizer and again
 * here with aws-jwt-verify (so the function never trusts a request that bypassed the authorizer). Locally:
 * tokens the local server signs for its local users (HS256, a secret kept under $HOTLINE_HOME), carrying the
 * same `cognito:groups` claim. Roles come from groups: agent < supervisor < admin.
 */
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { jwtVerify, SignJWT } from 'jose';
import { ROLES, type Role, type User } from '../../schemas/api.js';

export class UnauthorizedError extends Error {
  override readonly name = 'UnauthorizedError';
}
export class ForbiddenError extends Error {
  override readonly name = 'ForbiddenError';
}

export interface Authenticator {
  /** The user a bearer token stands for; UnauthorizedError when it is missing, expired or not ours. */
  verify(token: string): Promise<User>;
}

/** The highest role among the groups, or undefined when none is a role. */
export function roleOf(groups: readonly string[]): Role | undefined {
  let best = -1;
  for (const g of groups) best = Math.max(best, ROLES.indexOf(g as Role));
  return best >= 0 ? ROLES[best] : undefined;
}

/** Whether a user with `role` may use a route that needs `needed`. */
export const allows = (role: Role, needed: Role): boolean => ROLES.indexOf(role) >= ROLES.indexOf(needed);

function userFrom(payload: Record<string, unknown>): User {
  const groups = Array.isArray(payload['cognito:groups'])
    ? (payload['cognito:groups'] as unknown[]).filter((g): g is string => typeof g === 'string')
    : [];
  const role = roleOf(groups);
  const username = String(payload.username ?? payload['cognito:username'] ?? payload.sub ?? '');
  if (!role) throw new ForbiddenError(`user ${username} is in none of the groups ${ROLES.join(', ')}`);
  return { username, role, groups };
}

export class CognitoAuthenticator implements Authenticator {
  private readonly verifier;
  constructor(opts: { userPoolId: string; clientId: string }) {
    this.verifier = CognitoJwtVerifier.create({
      userPoolId: opts.userPoolId,
      tokenUse: 'access',
      clientId: opts.clientId,
    });
  }
  /** For tests and cold starts: use these keys instead of fetching the pool's JWKS. */
  cacheJwks(jwks: Parameters<typeof this.verifier.cacheJwks>[0]): void {
    this.verifier.cacheJwks(jwks);
  }
  async verify(token: string): Promise<User> {
    let payload: Record<string, unknown>;
    try {
      payload = (await this.verifier.verify(token)) as unknown as Record<string, unknown>;
    } catch (err) {
      throw new UnauthorizedError(`invalid token: ${err instanceof Error ? err.message : String(err)}`);
    }
    return userFrom(payload);
  }
}

const LOCAL_ISSUER = 'hotline-local';

export class LocalAuthenticator implements Authenticator {
  private readonly key: Uint8Array;
  constructor(secret: Uint8Array | string) {
    this.key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  }
  /** A token for a local user, valid for `hours`. */
  async sign(username: string, groups: readonly string[], hours = 8): Promise<string> {
    return new SignJWT({ username, 'cognito:groups': [...groups], token_use: 'access' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(LOCAL_ISSUER)
      .setSubject(username)
      .setIssuedAt()
      .setExpirationTime(`${hours}h`)
      .sign(this.key);
  }
  async verify(token: string): Promise<User> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.key, { issuer: LOCAL_ISSUER, algorithms: ['HS256'] }));
    } catch (err) {
      throw new UnauthorizedError(`invalid token: ${err instanceof Error ? err.message : String(err)}`);
    }
    return userFrom(payload);
  }
}
