import { z } from 'zod';
import { ContactDetailSchema } from './api.js';
import { EvaluationSchema, ReviewItemSchema, ScorecardSchema, WallboardSchema } from './supervision.js';

/**
 * The supervisor console's API shapes (F16, F17, F18): the wallboard as the app polls it, calls in progress with
 * their live transcript (locally), Connect's listen-in (AWS), agent performance per period, and QA (review queue,
 * a call to score, evaluations). Read by functions/api/supervisor-routes.ts and the web app.
 */

/** One line of a call's live transcript: what the IVR said, the keys pressed, where the call went. */
export const LiveLineSchema = z.object({
  at: z.string(),
  kind: z.enum(['prompt', 'keys', 'event']),
  text: z.string(),
});
export type LiveLine = z.infer<typeof LiveLineSchema>;

export const LiveCallSchema = z.object({
  contactId: z.string(),
  /** The caller's number, masked but for the last four digits. */
  caller: z.string().optional(),
  startedAt: z.string(),
  state: z.enum(['ivr', 'queued', 'connected', 'ended']),
  queue: z.string().optional(),
  agentId: z.string().optional(),
  lines: z.array(LiveLineSchema),
});
export type LiveCall = z.infer<typeof LiveCallSchema>;

export const WallboardResponseSchema = z.object({
  board: WallboardSchema,
  /** How often the app polls (seconds): locally 2, in AWS the profile's refresh interval. */
  pollSeconds: z.number(),
  /** Where it reads: `local` (the console's ACD) or `connect` (Connect's real-time metrics). */
  source: z.enum(['local', 'connect']),
  /** Calls in progress with their live transcript (locally); empty in AWS, where listen-in is Connect's. */
  liveCalls: z.array(LiveCallSchema),
  /** In AWS: supervisors can start Connect's silent monitoring of an agent's contact. */
  listenIn: z.boolean(),
});
export type WallboardResponse = z.infer<typeof WallboardResponseSchema>;

export const ListenInBodySchema = z.object({ contactId: z.string().min(1).max(256) });
export const ListenInResponseSchema = z.object({
  contactId: z.string(),
  /** `connect`: the supervisor's Contact Control Panel now monitors the contact (open `ccpUrl`). */
  mode: z.enum(['connect', 'transcript']),
  ccpUrl: z.string().optional(),
  call: LiveCallSchema.optional(),
});

export const PeriodQuerySchema = z.object({
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

/** One row of the `agent_performance` named query, for every agent of the profile (zeros when idle). */
export const AgentPerformanceRowSchema = z.object({
  agent: z.string(),
  name: z.string(),
  contacts_handled: z.number(),
  avg_handle_seconds: z.number().nullable(),
  avg_talk_seconds: z.number().nullable(),
  avg_hold_seconds: z.number().nullable(),
  avg_acw_seconds: z.number().nullable(),
  occupancy: z.number().nullable(),
  transfers: z.number(),
  fcr_eligible: z.number(),
  first_contact_resolved: z.number(),
  fcr_rate: z.number().nullable(),
  csat_responses: z.number(),
  avg_survey_score: z.number().nullable(),
  csat: z.number().nullable(),
  qa_evaluations: z.number(),
  avg_qa_score_percent: z.number().nullable(),
  qa_auto_fails: z.number(),
});
export type AgentPerformanceRow = z.infer<typeof AgentPerformanceRowSchema>;

export const AgentPerformanceResponseSchema = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  /** The named query the rows come from (the same SQL as `hotline report` and Athena). */
  query: z.literal('agent_performance'),
  rows: z.array(AgentPerformanceRowSchema),
});

export const ReviewQueueResponseSchema = z.object({
  week: z.string(),
  from: z.string(),
  to: z.string(),
  calls: z.number(),
  evaluated: z.number(),
  items: z.array(ReviewItemSchema),
});

export const QaCallResponseSchema = ContactDetailSchema.extend({
  flags: z.array(z.object({ kind: z.string(), at: z.number().optional(), detail: z.string() })),
  /** Where the app fetches the recording (with the bearer token), when there is one. */
  recordingUrl: z.string().optional(),
  evaluation: EvaluationSchema.optional(),
});

/**
 * Where the player gets a call's recording: `direct` (in AWS) a short-lived presigned S3 URL the browser plays
 * as it is (any size: the bytes never pass through the API), else the API's recording route, fetched with the
 * bearer token (locally).
 */
export const RecordingLinkResponseSchema = z.object({
  contactId: z.string(),
  url: z.string(),
  direct: z.boolean(),
  /** When a direct URL stops working (ISO 8601); ask for a new link after it. */
  expiresAt: z.string().optional(),
});
export type RecordingLinkResponse = z.infer<typeof RecordingLinkResponseSchema>;

export const ScoreBodySchema = z.object({
  answers: z.record(z.string(), z.enum(['yes', 'no', 'na'])),
  comment: z.string().max(2000).optional(),
  /** Score again a call already evaluated. */
  replace: z.boolean().optional(),
});

export const CommentBodySchema = z.object({ text: z.string().min(1).max(2000) });

export const EvaluationsResponseSchema = z.object({
  scorecard: ScorecardSchema,
  evaluations: z.array(EvaluationSchema),
});
