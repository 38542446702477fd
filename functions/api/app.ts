/**
 * The agent workspace's HTTP API: one router, routes declared once (path, role, zod schemas), served by
 * the Lambda behind API Gateway (functions/api/handler.ts) and by the local server of `npm start`
 * (infra/local/workspace-server.ts). Every /api route needs a logged-in user; each declares the least
 * role it needs (agent < supervisor < admin). Every write is recorded in the audit log. Errors are
 * RFC 9457 problem JSON (problems.ts), never a stack trace.
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { createRoute, OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import {
  ArticleWithVersionsSchema,
  AuditEntrySchema,
  ContactDetailSchema,
  CreateTicketBodySchema,
  CurrentContactSchema,
  Customer360Schema,
  KbSearchQuerySchema,
  KbSearchResultSchema,
  PhoneQuerySchema,
  type Role,
  ScreenPopSchema,
  SendSmsBodySchema,
  UpdateTicketBodySchema,
  UserSchema,
} from '../../schemas/api.js';
import { BLOCK_REASONS, CustomerSchema } from '../../schemas/crm.js';
import { ArticleInputSchema, KnowledgeCategorySchema } from '../../schemas/knowledge.js';
import { MARKETING_TEMPLATES } from '../../schemas/sms.js';
import { TicketSchema } from '../../schemas/ticket.js';
import { csatStats } from '../core/call-record.js';
import { normalizePhone } from '../core/phone.js';
import { maskingReplacer } from '../shared/observability.js';
import { getArticle, saveArticle, searchArticles } from '../use-cases/knowledge/knowledge-base.js';
import { blockNumber, operatorNumber } from '../use-cases/manage-crm.js';
import { sendSms } from '../use-cases/sms/send-sms.js';
import { createTicket } from '../use-cases/tickets/create-ticket.js';
import { updateTicket } from '../use-cases/tickets/manage-tickets.js';
import { allows, ForbiddenError, UnauthorizedError } from './auth.js';
import type { ApiDeps } from './deps.js';
import { type ApiEnv, changesOf, json } from './route-kit.js';
import { registerCampaignRoutes } from './routes/campaigns.js';
import { registerKnowledgeAdminRoutes } from './routes/knowledge-admin.js';
import { registerOrderRoutes } from './routes/orders.js';
import { registerPrivacyRoutes } from './routes/privacy.js';

export { changesOf };

import { BadRequestError, NotFoundError, toProblem } from './problems.js';
import { type RouteKit, registerSupervisorRoutes } from './supervisor-routes.js';

export type Env = ApiEnv;

/** Every route with the role it needs (the role tests walk this list). */
export interface RouteInfo {
  readonly method: string;
  readonly path: string;
  readonly role: Role;
  readonly operationId: string;
  readonly write: boolean;
}

function requireRole(role: Role): MiddlewareHandler<Env> {
  return async (c, next) => {
    const user = c.get('user');
    if (!allows(user.role, role))
      throw new ForbiddenError(
        `${c.req.method} ${c.req.routePath} needs the ${role} role; you are ${user.role}`,
      );
    await next();
  };
}

export function createApi(deps: ApiDeps) {
  const routes: RouteInfo[] = [];
  const app = new OpenAPIHono<Env>({
    defaultHook: (result) => {
      if (!result.success) throw result.error;
    },
  });

  function route<R extends Omit<RouteConfig, 'security'>>(role: Role, config: R) {
    routes.push({
      method: config.method.toUpperCase(),
      path: config.path,
      role,
      operationId: config.operationId ?? '',
      write: config.method !== 'get',
    });
    return createRoute({
      ...config,
      security: [{ bearer: [] }],
      'x-hotline-role': role,
      description: `${config.description ?? config.summary ?? ''}\n\nNeeds the **${role}** role.`.trim(),
      middleware: [requireRole(role)] as const,
    });
  }

  const audit = async (
    c: Context<Env>,
    action: string,
    target: string,
    changes: Record<string, { before?: unknown; after?: unknown }>,
  ) => {
    const user = c.get('user');
    await deps.audit.record({
      at: new Date().toISOString(),
      actor: user.username,
      role: user.role,
      action,
      target,
      changes,
      requestId: c.get('requestId'),
    });
  };

  const { core, profile } = deps;
  const logger = deps.logger ?? new Logger({ serviceName: 'workspace-api', jsonReplacerFn: maskingReplacer });

  app.onError((err, c) => {
    const { problem, internal } = toProblem(err, c.req.path);
    if (internal)
      logger.error('API request failed', {
        requestId: c.get('requestId'),
        path: c.req.path,
        error: err instanceof Error ? err : String(err),
      });
    return c.json(problem, problem.status as 500, { 'content-type': 'application/problem+json' });
  });
  app.notFound((c) => {
    const { problem } = toProblem(new NotFoundError(`no route ${c.req.method} ${c.req.path}`), c.req.path);
    return c.json(problem, 404, { 'content-type': 'application/problem+json' });
  });

  // Every /api request: a request id, and a verified user (else 401).
  app.use('/api/*', async (c, next) => {
    c.set('requestId', c.req.header('x-request-id') ?? randomUUID());
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m?.[1]) throw new UnauthorizedError('send "Authorization: Bearer <token>"');
    c.set('user', await deps.auth.verify(m[1]));
    await next();
    c.header('cache-control', 'no-store');
  });

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A Cognito access token (in AWS) or a token from the local login (npm start).',
  });

  // ---- who am I ----
  app.openapi(
    route('agent', {
      method: 'get',
      path: '/api/me',
      operationId: 'getMe',
      summary: 'The logged-in user, their role and the profile',
      responses: json(
        UserSchema.extend({
          profile: z.object({ id: z.string(), title: z.string(), defaultLanguage: z.string() }),
        }),
      ),
    }),
    (c) =>
      c.json(
        {
          ...c.get('user'),
          profile: { id: profile.id, title: profile.title, defaultLanguage: profile.defaultLanguage },
        },
        200,
      ),
  );

  // ---- the current call ----
  app.openapi(
    route('agent', {
      method: 'get',
      path: '/api/contacts/current',
      operationId: 'getCurrentContact',
      summary: "The contact the agent is on (locally: the call console's current call)",
      description:
        'In AWS the app follows the contact with the Amazon Connect SDK instead; this answers null.',
      responses: json(z.object({ contact: CurrentContactSchema.nullable() })),
    }),
    (c) => c.json({ contact: deps.currentContact?.() ?? null }, 200),
  );

  app.openapi(
    route('agent', {
      method: 'get',
      path: '/api/screen-pop',
      operationId: 'getScreenPop',
      summary: "A number's screen pop: customer, tier, VIP, block, recent contacts, open tickets",
      request: { query: PhoneQuerySchema },
      responses: json(ScreenPopSchema),
    }),
    async (c) => {
      const { phone } = c.req.valid('query');
      const n = normalizePhone(phone, core.phoneRegion);
      if (n.kind !== 'e164') throw new BadRequestError(`"${phone}" is not a phone number`);
      const item = await core.crm.getPhone(n.e164);
      const customer = item?.customerId ? await core.crm.getCustomer(item.customerId) : undefined;
      return c.json(
        {
          phone: n.e164,
          known: customer !== undefined,
          ...(customer ? { customer: CustomerSchema.parse(customer) } : {}),
          ...((customer?.tier ?? item?.tier) ? { tier: customer?.tier ?? item?.tier } : {}),
          vip: customer?.vip ?? item?.vip ?? false,
          ...(item?.block ? { block: item.block } : {}),
          openTickets: item?.openTickets ?? 0,
          recentContacts: item?.recentContacts ?? [],
          ...(item?.language ? { language: item.language } : {}),
        },
        200,
      );
    },
  );

  // ---- customers ----
  app.openapi(
    route('agent', {
      method: 'get',
      path: '/api/customers/{customerId}',
      operationId: 'getCustomer',
      summary: 'Customer 360: the record, their tickets and calls',
      request: { params: z.object({ customerId: z.string().min(1).max(64) }) },
      responses: json(Customer360Schema),
    }),
    async (c) => {
      const { customerId } = c.req.valid('param');
      const item = await core.crm.getCustomer(customerId);
      if (!item) throw new NotFoundError(`no customer ${customerId}`);
      const [tickets, ...calls] = await Promise.all([
        core.tickets.listByCustomer(customerId, 50),
        ...item.phones.map((p) => deps.records.listByCaller(p, 20)),
      ]);
      return c.json(
        {
          customer: CustomerSchema.parse(item),
          tickets,
          calls: calls.flat().sort((a, b) => b.initiatedAt.localeCompare(a.initiatedAt)),
        },
        200,
      );
    },
  );

  app.openapi(
    route('supervisor', {
      method: 'post',
      path: '/api/blocks',
      operationId: 'blockNumber',
      summary: 'Block a number (blacklist)',
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({
                number: z.string().min(3).max(32),
                reason: z.enum(BLOCK_REASONS),
                until: z.string().optional(),
              }),
            },
          },
        },
      },
      responses: json(z.object({ number: z.string(), block: z.record(z.string(), z.unknown()) })),
    }),
    async (c) => {
      const body = c.req.valid('json');
      const crmDeps = {
        crm: deps.crm,
        phoneRegion: core.phoneRegion,
        ...(core.now ? { now: core.now } : {}),
      };
      const before = await deps.crm.getPhone(operatorNumber(body.number, core.phoneRegion));
      const r = await blockNumber(crmDeps, { ...body, by: c.get('user').username });
      await audit(c, 'blockNumber', `phone:${r.number}`, {
        block: { before: before?.block, after: r.block },
      });
      return c.json(r, 200);
    },
  );

  // ---- tickets ----
  app.openapi(
    route('agent', {
      method: 'get',
      path: '/api/ticket-categories',
      operationId: 'listTicketCategories',
      summary: "The profile's ticket categories",
      responses: json(
        z.object({
          categories: z.array(
            z.object({ key: z.string(), label: z.record(z.string(), z.string()), priority: z.string() }),
          ),
        }),
      ),
    }),
    (c) =>
      c.json(
        {
          categories: core.ticketing.categories.map((k) => ({
            key: k.key,
            label: k.label,
            priority: k.priority,
          })),
        },
        200,
      ),
  );

  app.openapi(
    route('agent', {
      method: 'get',
      path: '/api/tickets',
      operationId: 'listTickets',
      summary: "A customer's tickets, or the newest",
      request: {
        query: z.object({
          customerId: z.string().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(20),
        }),
      },
      responses: json(z.object({ tickets: z.array(TicketSchema) })),
    }),
    async (c) => {
      const q = c.req.valid('query');
      const tickets = q.customerId
        ? await core.tickets.listByCustomer(q.customerId, q.limit)
        : await core.tickets.listRecent(q.limit);
      return c.json({ tickets }, 200);
    },
  );

  app.openapi(
    route('agent', {
      method: 'get',
      path: '/api/tickets/{ticketId}',
      operationId: 'getTicket',
      summary: 'One ticket with its history',
      request: { params: z.object({ ticketId: z.string().min(1).max(32) }) },
      responses: json(TicketSchema),
    }),
    async (c) => {
      const { ticketId } = c.req.valid('param');
      const t = await core.tickets.get(ticketId);
      if (!t) throw new NotFoundError(`no ticket ${ticketId}`);
      return c.json(t, 200);
    },
  );

  app.openapi(
    route('agent', {
      method: 'post',
      path: '/api/tickets',
      operationId: 'createTicket',
      summary: 'Create a ticket (idempotent per contact and category)',
      request: {
        body: { required: true, content: { 'application/json': { schema: CreateTicketBodySchema } } },
      },
      responses: json(z.object({ ticket: TicketSchema, created: z.boolean(), sms: z.unknown().optional() })),
    }),
    async (c) => {
      const body = c.req.valid('json');
      const user = c.get('user');
      const r = await createTicket(core, { ...body, source: 'agent', createdBy: user.username });
      if (r.created)
        await audit(
          c,
          'createTicket',
          `ticket:${r.ticket.ticketId}`,
          changesOf(undefined, r.ticket, [
            'category',
            'status',
            'priority',
            'customerId',
            'phone',
            'description',
            'dueAt',
          ]),
        );
      return c.json({ ticket: r.ticket, created: r.created, ...(r.sms ? { sms: r.sms } : {}) }, 200);
    },
  );

  app.openapi(
    route('agent', {
      method: 'patch',
      path: '/api/tickets/{ticketId}',
      operationId: 'updateTicket',
      summary: 'Change a ticket: status, assignee, note, return-visit result',
      request: {
        params: z.object({ ticketId: z.string().min(1).max(32) }),
        body: { required: true, content: { 'application/json': { schema: UpdateTicketBodySchema } } },
      },
      responses: json(TicketSchema),
    }),
    async (c) => {
      const { ticketId } = c.req.valid('param');
      const body = c.req.valid('json');
      const before = await core.tickets.get(ticketId);
      if (!before) throw new NotFoundError(`no ticket ${ticketId}`);
      const after = await updateTicket(core, ticketId, { ...body, by: c.get('user').username });
      await audit(
        c,
        'updateTicket',
        `ticket:${ticketId}`,
        changesOf(before, after, ['status', 'assignee', 'returnVisit', 'version']),
      );
      return c.json(after, 200);
    },
  );

  // ---- SMS ----
  app.openapi(
    route('agent', {
      method: 'post',
      path: '/api/sms',
      operationId: 'sendSms',
      summary: 'Send an SMS from a template (promotions and greetings need the supervisor role)',
      request: { body: { required: true, content: { 'application/json': { schema: SendSmsBodySchema } } } },
      responses: json(
        z.object({ status: z.string(), messageId: z.string().optional(), error: z.string().optional() }),
      ),
    }),
    async (c) => {
      const body = c.req.valid('json');
      const user = c.get('user');
      if (MARKETING_TEMPLATES.includes(body.template) && !allows(user.role, 'supervisor'))
        throw new ForbiddenError(`the ${body.template} template needs the supervisor role`);
      const r = await sendSms(core.sms, { ...body, requestedBy: user.username });
      await audit(c, 'sendSms', `sms:${r.messageId ?? 'none'}`, {
        to: { after: body.to },
        template: { after: body.template },
        status: { after: r.status },
      });
      return c.json(
        {
          status: r.status,
          ...(r.messageId ? { messageId: r.messageId } : {}),
          ...(r.error ? { error: r.error } : {}),
        },
        200,
      );
    },
  );

  // ---- calls, recordings, transcripts, surveys ----
  app.openapi(
    route('agent', {
      method: 'get',
      path: '/api/calls',
      operationId: 'listCalls',
      summary: "A number's calls, newest first",
      request: {
        query: PhoneQuerySchema.extend({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
      },
      responses: json(z.object({ calls: z.array(z.record(z.string(), z.unknown())) })),
    }),
    async (c) => {
      const q = c.req.valid('query');
      const n = normalizePhone(q.phone, core.phoneRegion);
      if (n.kind !== 'e164') throw new BadRequestError(`"${q.phone}" is not a phone number`);
      const calls = await deps.records.listByCaller(n.e164, q.limit);
      return c.json({ calls: calls.map(({ ctr: _ctr, ...rest }) => rest) }, 200);
    },
  );

  app.openapi(
    route('agent', {
      method: 'get',
      path: '/api/calls/{contactId}',
      operationId: 'getCall',
      summary: 'One call: record, recording, transcript, survey',
      request: { params: z.object({ contactId: z.string().min(1).max(128) }) },
      responses: json(ContactDetailSchema),
    }),
    async (c) => {
      const { contactId } = c.req.valid('param');
      const v = await deps.records.getContact(contactId);
      if (!v.record && !v.transcript && !v.survey) throw new NotFoundError(`no call ${contactId}`);
      return c.json(
        {
          contactId,
          ...(v.record ? { record: v.record } : {}),
          ...(v.transcript ? { transcript: v.transcript } : {}),
          ...(v.survey ? { survey: v.survey } : {}),
          ...(v.record?.recording
            ? { recording: { bucket: v.record.recording.bucket, key: v.record.recording.key } }
            : {}),
        },
        200,
      );
    },
  );

  app.openapi(
    route('supervisor', {
      method: 'get',
      path: '/api/surveys/stats',
      operationId: 'getSurveyStats',
      summary: 'CSAT per agent and queue',
      responses: json(z.record(z.string(), z.unknown())),
    }),
    async (c) => c.json(csatStats(await deps.records.listSurveys()), 200),
  );

  // ---- knowledge base ----
  app.openapi(
    route('agent', {
      method: 'get',
      path: '/api/kb/categories',
      operationId: 'listKbCategories',
      summary: "The profile's knowledge categories and the menu keys' suggestions",
      responses: json(
        z.object({
          categories: z.array(KnowledgeCategorySchema),
          suggestions: z.record(z.string(), z.unknown()),
        }),
      ),
    }),
    (c) =>
      c.json(
        { categories: deps.knowledge.settings.categories, suggestions: deps.knowledge.settings.suggestions },
        200,
      ),
  );

  app.openapi(
    route('agent', {
      method: 'get',
      path: '/api/kb/search',
      operationId: 'searchKnowledge',
      summary:
        'Ranked search (Chinese word segmentation and English); with no query, the menu key’s suggestions',
      request: { query: KbSearchQuerySchema },
      responses: json(KbSearchResultSchema),
    }),
    async (c) => c.json(await searchArticles(deps.knowledge, c.req.valid('query')), 200),
  );

  app.openapi(
    route('agent', {
      method: 'get',
      path: '/api/kb/articles/{articleId}',
      operationId: 'getArticle',
      summary: 'One article, with its versions',
      request: { params: z.object({ articleId: z.string().min(1).max(64) }) },
      responses: json(ArticleWithVersionsSchema),
    }),
    async (c) => {
      const { articleId } = c.req.valid('param');
      const a = await getArticle(deps.knowledge, articleId);
      const versions = await deps.knowledge.articles.versions(articleId);
      return c.json(
        {
          ...a,
          versions: versions.map((v) => ({
            version: v.version,
            updatedAt: v.updatedAt,
            updatedBy: v.updatedBy,
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    route('admin', {
      method: 'put',
      path: '/api/kb/articles/{articleId}',
      operationId: 'saveArticle',
      summary: 'Create or update an article (a new version when anything changed)',
      request: {
        params: z.object({ articleId: z.string().min(1).max(64) }),
        body: { required: true, content: { 'application/json': { schema: ArticleInputSchema } } },
      },
      responses: json(z.object({ article: z.record(z.string(), z.unknown()), result: z.string() })),
    }),
    async (c) => {
      const { articleId } = c.req.valid('param');
      const r = await saveArticle(deps.knowledge, articleId, c.req.valid('json'), c.get('user').username);
      if (r.result !== 'unchanged')
        await audit(
          c,
          'saveArticle',
          `article:${articleId}`,
          changesOf(r.before, r.article, [
            'title',
            'body',
            'category',
            'tags',
            'owner',
            'language',
            'version',
          ]),
        );
      return c.json({ article: r.article, result: r.result }, 200);
    },
  );

  // ---- audit ----
  app.openapi(
    route('admin', {
      method: 'get',
      path: '/api/audit',
      operationId: 'listAudit',
      summary: "A day's audit entries (UTC), newest first",
      request: {
        query: z.object({
          day: z.iso.date().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: json(z.object({ entries: z.array(AuditEntrySchema) })),
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(
        { entries: await deps.audit.listDay(q.day ?? new Date().toISOString().slice(0, 10), q.limit) },
        200,
      );
    },
  );

  // ---- the supervisor console (wallboard, agent performance, QA): functions/api/supervisor-routes.ts ----
  registerSupervisorRoutes({ app, route: route as RouteKit['route'], audit }, deps);
  // Route groups declared in their own files (functions/api/routes/).
  const kit = { app, route, audit, deps };
  registerKnowledgeAdminRoutes(kit);
  registerOrderRoutes(kit);
  registerPrivacyRoutes(kit);
  registerCampaignRoutes(kit);

  app.get('/api/openapi.json', (c) => c.json(openApiDocument(app)));

  return { app, routes };
}

export function openApiDocument(app: OpenAPIHono<Env>) {
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Hotline agent workspace API',
      version: '1.0.0',
      description:
        'Customers, screen pop, tickets, SMS, calls, surveys and the knowledge base. Errors are RFC 9457 problem JSON.',
    },
  });
}
