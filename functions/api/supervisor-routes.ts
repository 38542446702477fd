/**
 * The supervisor console's routes (F16, F17, F18), on the workspace API's router: the live wallboard (polled),
 * listen-in, agent performance per period, and QA (review queue, a call with its recording and transcript, the
 * scorecard, scoring, results). Every route needs the supervisor role, except the agent's own side of QA (their
 * evaluations, reading them, commenting), which the use cases restrict to the evaluated agent. Writes are audited.
 */
import { type OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ProblemSchema, type Role, type User } from '../../schemas/api.js';
import { EvaluationSchema, ScorecardSchema } from '../../schemas/supervision.js';
import {
  AgentPerformanceResponseSchema,
  type AgentPerformanceRow,
  CommentBodySchema,
  EvaluationsResponseSchema,
  ListenInBodySchema,
  ListenInResponseSchema,
  PeriodQuerySchema,
  QaCallResponseSchema,
  RecordingLinkResponseSchema,
  ReviewQueueResponseSchema,
  ScoreBodySchema,
  WallboardResponseSchema,
} from '../../schemas/supervisor-api.js';
import { namedQuery } from '../core/analytics/queries.js';
import { isoWeek, QaInputError, weekRange } from '../core/supervision/qa.js';
import { checkCall, commentOnEvaluation, reviewQueue, scoreCall } from '../use-cases/supervision/qa.js';
import type { ApiDeps } from './deps.js';
import { NotFoundError } from './problems.js';
import {
  type PerformanceRow,
  type SupervisionApiDeps,
  SupervisionUnavailableError,
} from './supervision-deps.js';

type Env = { Variables: { user: User; requestId: string } };

/** What app.ts hands over: its router, its role-checked route declaration, and its audit log writer. */
export interface RouteKit {
  readonly app: OpenAPIHono<Env>;
  readonly route: <R extends Omit<RouteConfig, 'security'>>(role: Role, config: R) => R;
  readonly audit: (
    c: Context<Env>,
    action: string,
    target: string,
    changes: Record<string, { before?: unknown; after?: unknown }>,
  ) => Promise<void>;
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
const json = <T extends z.ZodType>(schema: T) => ({
  200: { description: 'OK', content: { 'application/json': { schema } } },
  ...problemResponses,
});
const ContactParam = z.object({ contactId: z.string().min(1).max(128) });

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Every agent of the board or the profile, with the query's row where there is one (zeros when idle). */
export function performanceRows(
  agents: readonly { id: string; name: string }[],
  rows: readonly PerformanceRow[],
): AgentPerformanceRow[] {
  const byAgent = new Map(rows.map((r) => [String(r.agent), r]));
  const ids = [...new Set([...agents.map((a) => a.id), ...byAgent.keys()])];
  const names = new Map(agents.map((a) => [a.id, a.name]));
  return ids.map((id) => {
    const r = byAgent.get(id) ?? {};
    return {
      agent: id,
      name: names.get(id) ?? id,
      contacts_handled: num(r.contacts_handled) ?? 0,
      avg_handle_seconds: num(r.avg_handle_seconds),
      avg_talk_seconds: num(r.avg_talk_seconds),
      avg_hold_seconds: num(r.avg_hold_seconds),
      avg_acw_seconds: num(r.avg_acw_seconds),
      occupancy: num(r.occupancy),
      transfers: num(r.transfers) ?? 0,
      fcr_eligible: num(r.fcr_eligible) ?? 0,
      first_contact_resolved: num(r.first_contact_resolved) ?? 0,
      fcr_rate: num(r.fcr_rate),
      csat_responses: num(r.csat_responses) ?? 0,
      avg_survey_score: num(r.avg_survey_score),
      csat: num(r.csat),
      qa_evaluations: num(r.qa_evaluations) ?? 0,
      avg_qa_score_percent: num(r.avg_qa_score_percent),
      qa_auto_fails: num(r.qa_auto_fails) ?? 0,
    };
  });
}

export function registerSupervisorRoutes(kit: RouteKit, deps: ApiDeps): void {
  const { app, route, audit } = kit;
  const sup = (): SupervisionApiDeps => {
    if (!deps.supervision)
      throw new SupervisionUnavailableError('supervision is not configured here (no Supervision table)');
    return deps.supervision;
  };

  // ---- live wallboard (polled: see the README for why not server-sent events) ----
  app.openapi(
    route('supervisor', {
      method: 'get',
      path: '/api/supervisor/wallboard',
      operationId: 'getWallboard',
      summary: 'The live wallboard: queues and agents, thresholds applied; breaches notified once',
      description:
        'Poll it every `pollSeconds`. One refresh serves every viewer for that long, so the source (Connect’s real-time APIs in AWS) is read a bounded number of times whatever the number of viewers.',
      responses: json(WallboardResponseSchema),
    }),
    async (c) => {
      const s = sup();
      const { board } = await s.wallboard.refresh();
      return c.json(
        {
          board,
          pollSeconds: s.wallboard.pollSeconds,
          source: s.wallboard.source,
          liveCalls: s.liveCalls?.() ?? [],
          listenIn: s.listenIn !== undefined,
        },
        200,
      );
    },
  );

  app.openapi(
    route('supervisor', {
      method: 'post',
      path: '/api/supervisor/listen-in',
      operationId: 'listenIn',
      summary: "Listen in on an agent's contact",
      description:
        "In AWS: Connect's silent monitoring (MonitorContact) puts the supervisor's Contact Control Panel on the contact; the answer links to the CCP, where Connect plays the audio. Locally: the call's live transcript of prompts and keys.",
      request: { body: { required: true, content: { 'application/json': { schema: ListenInBodySchema } } } },
      responses: json(ListenInResponseSchema),
    }),
    async (c) => {
      const s = sup();
      const { contactId } = c.req.valid('json');
      const user = c.get('user');
      if (s.listenIn) {
        const { ccpUrl } = await s.listenIn({ username: user.username, contactId });
        await audit(c, 'listenIn', `contact:${contactId}`, { monitoredBy: { after: user.username } });
        return c.json({ contactId, mode: 'connect' as const, ccpUrl }, 200);
      }
      const call = s.liveCalls?.().find((l) => l.contactId === contactId);
      if (!call) throw new NotFoundError(`no call ${contactId} in progress`);
      await audit(c, 'listenIn', `contact:${contactId}`, { monitoredBy: { after: user.username } });
      return c.json({ contactId, mode: 'transcript' as const, call }, 200);
    },
  );

  // ---- agent performance ----
  app.openapi(
    route('supervisor', {
      method: 'get',
      path: '/api/supervisor/performance',
      operationId: 'getAgentPerformance',
      summary: 'Per agent over a period: the agent_performance named query (the same SQL as hotline report)',
      request: { query: PeriodQuerySchema },
      responses: json(AgentPerformanceResponseSchema),
    }),
    async (c) => {
      const s = sup();
      const q = c.req.valid('query');
      if (q.from && q.to && q.from > q.to) throw new QaInputError('from is after to');
      if (!s.performance)
        throw new SupervisionUnavailableError(
          'agent performance is not available here (no analytics engine)',
        );
      const rows = await s.performance({
        ...(q.from ? { from: q.from } : {}),
        ...(q.to ? { to: q.to } : {}),
      });
      const agents = deps.profile.agents.map((a) => ({ id: a.id, name: a.name }));
      return c.json(
        {
          from: q.from ?? null,
          to: q.to ?? null,
          query: namedQuery('agent_performance').key as 'agent_performance',
          rows: performanceRows(agents, rows),
        },
        200,
      );
    },
  );

  // ---- quality assurance ----
  app.openapi(
    route('supervisor', {
      method: 'get',
      path: '/api/supervisor/qa/scorecard',
      operationId: 'getScorecard',
      summary: "The profile's scorecard (the Connect evaluation form), pass mark and transcript rules",
      responses: json(
        z.object({
          scorecard: ScorecardSchema,
          samplePerAgentPerWeek: z.number(),
          lowSurveyScore: z.number(),
          transcriptRules: z.record(z.string(), z.unknown()),
        }),
      ),
    }),
    (c) => {
      const { settings } = sup().qa;
      return c.json(
        {
          scorecard: settings.scorecard,
          samplePerAgentPerWeek: settings.samplePerAgentPerWeek,
          lowSurveyScore: settings.lowSurveyScore,
          transcriptRules: settings.transcriptRules,
        },
        200,
      );
    },
  );

  app.openapi(
    route('supervisor', {
      method: 'get',
      path: '/api/supervisor/qa/queue',
      operationId: 'getReviewQueue',
      summary: 'Calls to review in an ISO week and why (sample, low survey, complaint, transcript flag)',
      request: {
        query: z.object({
          week: z
            .string()
            .regex(/^\d{4}-W\d{2}$/, 'an ISO week like 2026-W48')
            .optional(),
        }),
      },
      responses: json(ReviewQueueResponseSchema),
    }),
    async (c) => {
      const { qa } = sup();
      const week = c.req.valid('query').week ?? isoWeek(qa.now(), qa.timeZone);
      const period = weekRange(week, qa.timeZone);
      const r = await reviewQueue(qa, period);
      return c.json({ week, from: period.from.toISOString(), to: period.to.toISOString(), ...r }, 200);
    },
  );

  app.openapi(
    route('supervisor', {
      method: 'get',
      path: '/api/supervisor/qa/calls/{contactId}',
      operationId: 'getQaCall',
      summary: 'A call to review: record, transcript, survey, the transcript checks, its evaluation',
      request: { params: ContactParam },
      responses: json(QaCallResponseSchema),
    }),
    async (c) => {
      const { qa } = sup();
      const { contactId } = c.req.valid('param');
      const v = await qa.contacts.contact(contactId);
      if (!v.record) throw new NotFoundError(`no call ${contactId}`);
      const { flags } = await checkCall(qa, contactId);
      const evaluation = await qa.evaluations.get(contactId);
      const rec = v.record.recording;
      return c.json(
        {
          contactId,
          record: v.record,
          ...(v.transcript ? { transcript: v.transcript } : {}),
          ...(v.survey ? { survey: v.survey } : {}),
          ...(rec ? { recording: { bucket: rec.bucket, key: rec.key } } : {}),
          ...(rec
            ? { recordingUrl: `/api/supervisor/qa/calls/${encodeURIComponent(contactId)}/recording` }
            : {}),
          flags,
          ...(evaluation ? { evaluation } : {}),
        },
        200,
      );
    },
  );

  app.openapi(
    route('supervisor', {
      method: 'get',
      path: '/api/supervisor/qa/calls/{contactId}/recording',
      operationId: 'getQaRecording',
      summary: "The call's recording (audio)",
      request: { params: ContactParam },
      responses: {
        200: {
          description: 'the recording',
          content: { 'audio/wav': { schema: z.string().meta({ format: 'binary' }) } },
        },
        307: { description: 'AWS: a redirect to a short-lived presigned S3 URL of the recording' },
        ...problemResponses,
      },
    }),
    async (c) => {
      const s = sup();
      const { contactId } = c.req.valid('param');
      const v = await s.qa.contacts.contact(contactId);
      const rec = v.record?.recording;
      if (!rec) throw new NotFoundError(`call ${contactId} has no recording`);
      // In AWS the bytes never pass through the API: a redirect to a fresh presigned URL (any size).
      if (s.recordingLink) {
        const link = await s.recordingLink(rec);
        return c.redirect(link.url, 307) as never;
      }
      if (!s.recording) throw new SupervisionUnavailableError('recordings cannot be read here');
      const { body, contentType } = await s.recording(rec);
      return c.body(body as Uint8Array<ArrayBuffer>, 200, {
        'content-type': contentType,
      }) as never;
    },
  );

  app.openapi(
    route('supervisor', {
      method: 'get',
      path: '/api/supervisor/qa/calls/{contactId}/recording-link',
      operationId: 'getQaRecordingLink',
      summary:
        "Where the player gets the call's recording: a short-lived presigned S3 URL in AWS (any size), the recording route locally",
      request: { params: ContactParam },
      responses: json(RecordingLinkResponseSchema),
    }),
    async (c) => {
      const s = sup();
      const { contactId } = c.req.valid('param');
      const v = await s.qa.contacts.contact(contactId);
      const rec = v.record?.recording;
      if (!rec) throw new NotFoundError(`call ${contactId} has no recording`);
      if (s.recordingLink) {
        const link = await s.recordingLink(rec);
        return c.json({ contactId, url: link.url, direct: true, expiresAt: link.expiresAt }, 200);
      }
      if (!s.recording) throw new SupervisionUnavailableError('recordings cannot be read here');
      const url = `/api/supervisor/qa/calls/${encodeURIComponent(contactId)}/recording`;
      return c.json({ contactId, url, direct: false }, 200);
    },
  );

  app.openapi(
    route('supervisor', {
      method: 'put',
      path: '/api/supervisor/qa/evaluations/{contactId}',
      operationId: 'scoreCall',
      summary: 'Score a call on the scorecard (once per call; `replace` scores it again)',
      request: {
        params: ContactParam,
        body: { required: true, content: { 'application/json': { schema: ScoreBodySchema } } },
      },
      responses: json(EvaluationSchema),
    }),
    async (c) => {
      const { qa } = sup();
      const { contactId } = c.req.valid('param');
      const body = c.req.valid('json');
      const view = await qa.contacts.contact(contactId);
      if (!view.record) throw new NotFoundError(`no call ${contactId}`);
      const before = await qa.evaluations.get(contactId);
      const e = await scoreCall(qa, {
        contactId,
        evaluator: c.get('user').username,
        answers: body.answers,
        ...(body.comment ? { comment: body.comment } : {}),
        ...(body.replace ? { replace: true } : {}),
      });
      await audit(c, 'scoreCall', `evaluation:${contactId}`, {
        scorePercent: { ...(before ? { before: before.scorePercent } : {}), after: e.scorePercent },
        passed: { ...(before ? { before: before.passed } : {}), after: e.passed },
        answers: { ...(before ? { before: before.answers } : {}), after: e.answers },
      });
      return c.json(e, 200);
    },
  );

  app.openapi(
    route('supervisor', {
      method: 'get',
      path: '/api/supervisor/qa/evaluations',
      operationId: 'listEvaluations',
      summary: "Evaluations, newest first: all, or one agent's",
      request: { query: z.object({ agentId: z.string().min(1).max(64).optional() }) },
      responses: json(EvaluationsResponseSchema),
    }),
    async (c) => {
      const { qa } = sup();
      const { agentId } = c.req.valid('query');
      const list = agentId ? await qa.evaluations.listByAgent(agentId) : await qa.evaluations.listAll();
      list.sort((a, b) => b.evaluatedAt.localeCompare(a.evaluatedAt));
      return c.json({ scorecard: qa.settings.scorecard, evaluations: list }, 200);
    },
  );

  // ---- the agent's side of QA (their own evaluations only) ----
  app.openapi(
    route('agent', {
      method: 'get',
      path: '/api/qa/my-evaluations',
      operationId: 'listMyEvaluations',
      summary: "The logged-in agent's evaluations, newest first, with the scorecard",
      responses: json(EvaluationsResponseSchema),
    }),
    async (c) => {
      const { qa } = sup();
      const list = await qa.evaluations.listByAgent(c.get('user').username);
      list.sort((a, b) => b.evaluatedAt.localeCompare(a.evaluatedAt));
      return c.json({ scorecard: qa.settings.scorecard, evaluations: list }, 200);
    },
  );

  app.openapi(
    route('agent', {
      method: 'post',
      path: '/api/qa/evaluations/{contactId}/comments',
      operationId: 'commentOnEvaluation',
      summary: 'Comment on an evaluation (an agent only on their own)',
      request: {
        params: ContactParam,
        body: { required: true, content: { 'application/json': { schema: CommentBodySchema } } },
      },
      responses: json(EvaluationSchema),
    }),
    async (c) => {
      const { qa } = sup();
      const { contactId } = c.req.valid('param');
      const user = c.get('user');
      const existing = await qa.evaluations.get(contactId);
      if (!existing) throw new NotFoundError(`call ${contactId} has no evaluation`);
      const role = user.role === 'agent' ? 'agent' : 'supervisor';
      if (role === 'agent' && existing.agentId !== user.username)
        throw new NotFoundError(`call ${contactId} has no evaluation of yours`);
      const text = c.req.valid('json').text;
      const e = await commentOnEvaluation(qa, { contactId, by: user.username, role, text });
      await audit(c, 'commentOnEvaluation', `evaluation:${contactId}`, { comment: { after: text } });
      return c.json(e, 200);
    },
  );

  app.openapi(
    route('agent', {
      method: 'post',
      path: '/api/qa/evaluations/{contactId}/ack',
      operationId: 'acknowledgeEvaluation',
      summary: 'The agent has read their evaluation',
      request: { params: ContactParam },
      responses: json(EvaluationSchema),
    }),
    async (c) => {
      const { qa } = sup();
      const { contactId } = c.req.valid('param');
      const user = c.get('user');
      const existing = await qa.evaluations.get(contactId);
      if (!existing || existing.agentId !== user.username)
        throw new NotFoundError(`call ${contactId} has no evaluation of yours`);
      if (existing.acknowledgedAt) return c.json(existing, 200);
      const e = await qa.evaluations.acknowledge(contactId, qa.now());
      await audit(c, 'acknowledgeEvaluation', `evaluation:${contactId}`, {
        acknowledgedAt: { after: e.acknowledgedAt },
      });
      return c.json(e, 200);
    },
  );
}
