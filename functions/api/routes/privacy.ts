/**
 * Erasure requests (issue 17, PIPL art. 47 / GDPR art. 17), admins only: ask to forget a customer (202: a worker
 * erases, because one erasure can outlast API Gateway's 29 s), then read the request until it is done, with the
 * report of what was removed. The same use case as `hotline crm forget`
 * (functions/use-cases/privacy/erasure-requests.ts). The audit entry names the request, never the customer.
 */
import { z } from '@hono/zod-openapi';
import {
  ErasureBodySchema,
  ErasureRequestIdSchema,
  ErasureRequestSchema,
} from '../../../schemas/api-privacy.js';
import { ErasureUnavailableError, submitErasure } from '../../use-cases/privacy/erasure-requests.js';
import { ForgetInputError } from '../../use-cases/privacy/forget-customer.js';
import { NotFoundError } from '../problems.js';
import { json, type RouteKit } from '../route-kit.js';

export function registerPrivacyRoutes({ app, route, audit, deps }: RouteKit): void {
  const privacy = () => {
    if (!deps.privacy) throw new ErasureUnavailableError('erasure is not configured in this deployment');
    return deps.privacy;
  };
  const { 200: _ok, ...problems } = json(ErasureRequestSchema);

  app.openapi(
    route('admin', {
      method: 'post',
      path: '/api/privacy/erasures',
      operationId: 'requestErasure',
      summary: 'Forget a customer everywhere (asynchronous): 202 with the request to follow',
      description:
        'Erases or anonymises the customer in every table and bucket, as `hotline crm forget` does (README "Personal data"). 404 when the customer id is unknown and the text is not a phone number. Poll `GET /api/privacy/erasures/{requestId}` until `status` is `done` (or `failed`: ask again, erasure is idempotent).',
      request: { body: { required: true, content: { 'application/json': { schema: ErasureBodySchema } } } },
      responses: {
        202: {
          description: 'accepted: the worker erases',
          content: { 'application/json': { schema: ErasureRequestSchema } },
        },
        ...problems,
      },
    }),
    async (c) => {
      const { customer } = c.req.valid('json');
      let request: z.infer<typeof ErasureRequestSchema>;
      try {
        request = await submitErasure(privacy(), customer, c.get('user').username);
      } catch (err) {
        if (err instanceof ForgetInputError) throw new NotFoundError(err.message);
        throw err;
      }
      await audit(c, 'requestErasure', `erasure:${request.requestId}`, {
        status: { after: request.status },
      });
      return c.json(request, 202);
    },
  );

  app.openapi(
    route('admin', {
      method: 'get',
      path: '/api/privacy/erasures/{requestId}',
      operationId: 'getErasure',
      summary: 'An erasure request: its status and, once done, what was removed',
      request: { params: z.object({ requestId: ErasureRequestIdSchema }) },
      responses: json(ErasureRequestSchema),
    }),
    async (c) => {
      const { requestId } = c.req.valid('param');
      const request = await privacy().requests.get(requestId);
      if (!request) throw new NotFoundError(`no erasure request ${requestId}`);
      return c.json(request, 200);
    },
  );
}
