/**
 * What a group of API routes declared in its own file (functions/api/routes/) gets from the router
 * (functions/api/app.ts): the app, `route` (declares a route with the least role it needs, recorded for the
 * role tests and the OpenAPI document), `audit` (the audit log's entry for a write) and the dependencies.
 */
import type { createRoute, OpenAPIHono, RouteConfig, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ProblemSchema, type Role, type User } from '../../schemas/api.js';
import type { ApiDeps } from './deps.js';

export type ApiEnv = { Variables: { user: User; requestId: string } };

export type Changes = Record<string, { before?: unknown; after?: unknown }>;

export interface RouteKit {
  readonly app: OpenAPIHono<ApiEnv>;
  readonly route: <R extends Omit<RouteConfig, 'security'>>(
    role: Role,
    config: R,
  ) => ReturnType<typeof createRoute<R['path'], R>>;
  readonly audit: (c: Context<ApiEnv>, action: string, target: string, changes: Changes) => Promise<void>;
  readonly deps: ApiDeps;
}

const problemResponses = Object.fromEntries(
  [400, 401, 403, 404, 409, 422, 500].map((s) => [
    s,
    {
      description: 'problem details (RFC 9457)',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
  ]),
);

/** A route's responses: 200 with this JSON, and problem JSON for every error status. */
export const json = <T extends z.ZodType>(schema: T, description = 'OK') => ({
  200: { description, content: { 'application/json': { schema } } },
  ...problemResponses,
});

/** Before/after of the fields that differ (the audit log's "what changed"). */
export function changesOf(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
  fields?: readonly string[],
): Record<string, { before?: unknown; after?: unknown }> {
  const keys = fields ?? [...new Set([...Object.keys(before ?? {}), ...Object.keys(after)])];
  const out: Record<string, { before?: unknown; after?: unknown }> = {};
  for (const k of keys) {
    const b = before?.[k];
    const a = after[k];
    if (JSON.stringify(b) !== JSON.stringify(a))
      out[k] = { ...(b !== undefined ? { before: b } : {}), after: a };
  }
  return out;
}
