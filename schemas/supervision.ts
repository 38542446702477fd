import { z } from 'zod';

/**
 * Supervision (F16, F17, F18): the shapes of the live wallboard, its thresholds and breaches, the QA scorecards,
 * the automated transcript checks and the stored evaluations. Settings per profile live in
 * contact-flows/profiles/supervision.ts (`supervisionOf(profile.id)`); everything here is read by the domain
 * (functions/core/supervision), the adapters (local ACD, Amazon Connect, DynamoDB), CDK (evaluation forms) and
 * the CLI, and will be read by the API routes of the supervisor console.
 */

const Iso = z.string().datetime({ offset: true });
/** Connect RefIds: `^[a-zA-Z0-9._-]{1,40}$`. */
const RefId = z.string().regex(/^[a-zA-Z0-9._-]{1,40}$/, 'letters, digits, ".", "_" or "-", up to 40');
const Text = z.string().min(1).max(128);

// ---------------------------------------------------------------------------------------------------------------
// Settings per profile

export const WallboardSettingsSchema = z.object({
  /** Service level: answered within `thresholdSeconds` of queueing, target `targetPercent` (e.g. 80% in 20 s). */
  serviceLevel: z.object({
    thresholdSeconds: z.number().int().min(1).max(600),
    targetPercent: z.number().min(1).max(100),
  }),
  /** A queue whose oldest contact has waited longer than this is in breach. */
  queueWaitSeconds: z.number().int().min(1),
  /** An agent in after-contact work for longer than this is in breach. */
  agentAcwSeconds: z.number().int().min(1),
  /** How often the wallboard refreshes (AWS: how often Connect's real-time APIs are polled). */
  refreshSeconds: z.number().int().min(5).max(300),
});
export type WallboardSettings = z.infer<typeof WallboardSettingsSchema>;

/** A yes/no question of a scorecard: "yes" scores 10, "no" 0 (and fails the whole evaluation if `autoFail`). */
export const ScorecardQuestionSchema = z.object({
  key: RefId,
  title: Text,
  /** Weight within its section (the section's weights add up to 100). */
  weight: z.number().min(0).max(100),
  /** Answering "no" fails the evaluation (score 0), whatever the other answers. */
  autoFail: z.boolean().default(false),
  /** The reviewer may answer "not applicable" (the question is then left out of the score). */
  notApplicable: z.boolean().default(false),
});
export type ScorecardQuestion = z.infer<typeof ScorecardQuestionSchema>;

export const ScorecardSectionSchema = z.object({
  key: RefId,
  title: Text,
  /** Weight of the section in the total (the sections' weights add up to 100). */
  weight: z.number().min(0).max(100),
  questions: z.array(ScorecardQuestionSchema).min(1).max(100),
});
export type ScorecardSection = z.infer<typeof ScorecardSectionSchema>;

const sumsTo100 = (weights: readonly number[]) => Math.abs(weights.reduce((a, b) => a + b, 0) - 100) < 1e-9;

export const ScorecardSchema = z
  .object({
    key: RefId,
    title: Text,
    description: z.string().max(1024).optional(),
    /** An evaluation scoring at least this (percent) passes. */
    passPercent: z.number().min(0).max(100),
    sections: z.array(ScorecardSectionSchema).min(1),
  })
  .superRefine((card, ctx) => {
    const issue = (message: string, path: (string | number)[]) =>
      ctx.addIssue({ code: 'custom', message, path });
    if (!sumsTo100(card.sections.map((s) => s.weight)))
      issue('section weights must add up to 100', ['sections']);
    const keys = new Set<string>();
    card.sections.forEach((s, i) => {
      if (!sumsTo100(s.questions.map((q) => q.weight)))
        issue(`question weights of section "${s.key}" must add up to 100`, ['sections', i, 'questions']);
      for (const [j, key] of [[-1, s.key] as const, ...s.questions.map((q, j) => [j, q.key] as const)]) {
        if (keys.has(key))
          issue(
            `key "${key}" is used twice`,
            j < 0 ? ['sections', i, 'key'] : ['sections', i, 'questions', j],
          );
        keys.add(key);
      }
    });
  });
export type Scorecard = z.infer<typeof ScorecardSchema>;
export type ScorecardInput = z.input<typeof ScorecardSchema>;

/** Automated checks on a call's transcript; each rule is off when absent. */
export const TranscriptRulesSchema = z.object({
  /** The agent side must say one of these within its first `withinSeconds` of speech. */
  greeting: z
    .object({ phrases: z.array(z.string().min(1)).min(1), withinSeconds: z.number().positive() })
    .optional(),
  /** Phrases the agent side must never say (matched case-insensitively, anywhere in a turn). */
  forbiddenPhrases: z.array(z.string().min(1)).default([]),
  /** A gap longer than this between two turns (either side) is a long silence. */
  maxSilenceSeconds: z.number().positive().optional(),
});
export type TranscriptRules = z.infer<typeof TranscriptRulesSchema>;

export const QaSettingsSchema = z.object({
  scorecard: ScorecardSchema,
  /** Calls picked at random per agent per ISO week (seeded: the same week gives the same picks). */
  samplePerAgentPerWeek: z.number().int().min(0).max(100),
  /** Every call with a survey score at or below this is reviewed. */
  lowSurveyScore: z.number().int().min(1).max(5),
  transcriptRules: TranscriptRulesSchema,
});
export type QaSettings = z.infer<typeof QaSettingsSchema>;

export const SupervisionSettingsSchema = z.object({
  wallboard: WallboardSettingsSchema,
  qa: QaSettingsSchema,
});
export type SupervisionSettings = z.infer<typeof SupervisionSettingsSchema>;
export type SupervisionSettingsInput = z.input<typeof SupervisionSettingsSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Wallboard: what a source reports (snapshot) and what the domain computes from it

/** An agent's state on the wallboard (Connect: status + contact state; local ACD: its agent state). */
export const WALLBOARD_AGENT_STATES = ['available', 'on_contact', 'acw', 'offline', 'other'] as const;
export const WallboardAgentStateSchema = z.enum(WALLBOARD_AGENT_STATES);
export type WallboardAgentState = z.infer<typeof WallboardAgentStateSchema>;

export const AgentSnapshotSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  state: WallboardAgentStateSchema,
  /** The status as the source names it (`Available`, `Lunch`, `AfterContactWork`…). */
  stateLabel: z.string(),
  /** When the agent entered this state (epoch ms: the snapshot is built often, for hundreds of agents). */
  since: z.number().int(),
  /** Keys (ids) of the standard queues the agent's routing profile serves. */
  queues: z.array(z.string()),
  /** Contact the agent is on, if any. */
  contactId: z.string().optional(),
  /** Contacts waiting in the agent's personal queue (never a queue of their own on the board). */
  personalQueueWaiting: z.number().int().nonnegative().default(0),
});
export type AgentSnapshot = z.infer<typeof AgentSnapshotSchema>;

/** Per queue, today so far (the profile's day): counts the service level and abandonment are computed from. */
export const QueueTodaySchema = z.object({
  /** Contacts that reached the queue today. */
  queued: z.number().int().nonnegative(),
  /** Of those, answered within the service-level threshold. */
  answeredInThreshold: z.number().int().nonnegative(),
  answered: z.number().int().nonnegative(),
  abandoned: z.number().int().nonnegative(),
});
export type QueueToday = z.infer<typeof QueueTodaySchema>;

export const AgentCountsSchema = z.object({
  available: z.number().int().nonnegative(),
  onContact: z.number().int().nonnegative(),
  acw: z.number().int().nonnegative(),
  /** Null when the source cannot tell (Connect's real-time API does not report logged-out agents per queue). */
  offline: z.number().int().nonnegative().nullable(),
  other: z.number().int().nonnegative(),
});
export type AgentCounts = z.infer<typeof AgentCountsSchema>;

export const QueueSnapshotSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  waiting: z.number().int().nonnegative(),
  /** Age of the oldest waiting contact, seconds (null when none waits). */
  oldestWaitSeconds: z.number().nonnegative().nullable(),
  /** Agent counts as the source reports them (Connect); absent: computed from the agents serving the queue. */
  agents: AgentCountsSchema.optional(),
  today: QueueTodaySchema.optional(),
});
export type QueueSnapshot = z.infer<typeof QueueSnapshotSchema>;

/** What a wallboard source reports at one moment. Standard queues only: personal queues go with their agent. */
export const WallboardSnapshotSchema = z.object({
  at: Iso,
  source: z.enum(['local', 'connect']),
  queues: z.array(QueueSnapshotSchema),
  agents: z.array(AgentSnapshotSchema),
  /** Agents left out (Connect: beyond the page cap); 0 when the board is complete. */
  agentsTruncated: z.number().int().nonnegative().default(0),
});
export type WallboardSnapshot = z.infer<typeof WallboardSnapshotSchema>;

export const BREACH_KINDS = ['queue_wait', 'agent_acw'] as const;
export const BreachSchema = z.object({
  /** Stable per occurrence: `queue_wait#<queue>` or `agent_acw#<agent>#<since>` (a new ACW spell is a new breach). */
  key: z.string().min(1),
  kind: z.enum(BREACH_KINDS),
  subject: z.string(),
  subjectName: z.string(),
  seconds: z.number().nonnegative(),
  limitSeconds: z.number().nonnegative(),
});
export type Breach = z.infer<typeof BreachSchema>;

export const QueueTileSchema = z.object({
  id: z.string(),
  name: z.string(),
  waiting: z.number().int(),
  longestWaitSeconds: z.number().nullable(),
  agents: AgentCountsSchema,
  /** answeredInThreshold / queued, percent; null when nothing was queued today (or unknown). */
  serviceLevelPercent: z.number().nullable(),
  serviceLevelMet: z.boolean().nullable(),
  /** abandoned / queued, percent; null when nothing was queued today (or unknown). */
  abandonmentPercent: z.number().nullable(),
  today: QueueTodaySchema.nullable(),
  breach: z.boolean(),
});
export type QueueTile = z.infer<typeof QueueTileSchema>;

export const AgentTileSchema = z.object({
  id: z.string(),
  name: z.string(),
  state: WallboardAgentStateSchema,
  stateLabel: z.string(),
  secondsInState: z.number().nonnegative(),
  contactId: z.string().nullable(),
  personalQueueWaiting: z.number().int(),
  breach: z.boolean(),
});
export type AgentTile = z.infer<typeof AgentTileSchema>;

export const WallboardSchema = z.object({
  at: Iso,
  source: z.enum(['local', 'connect']),
  serviceLevel: z.object({ thresholdSeconds: z.number(), targetPercent: z.number() }),
  queues: z.array(QueueTileSchema),
  agents: z.array(AgentTileSchema),
  totals: z.object({
    waiting: z.number().int(),
    longestWaitSeconds: z.number().nullable(),
    agents: AgentCountsSchema,
    serviceLevelPercent: z.number().nullable(),
    abandonmentPercent: z.number().nullable(),
  }),
  breaches: z.array(BreachSchema),
  agentsTruncated: z.number().int(),
});
export type Wallboard = z.infer<typeof WallboardSchema>;

// ---------------------------------------------------------------------------------------------------------------
// QA: flags, review queue, evaluations

export const QA_FLAG_KINDS = ['greeting_missing', 'forbidden_phrase', 'long_silence'] as const;
export const QaFlagSchema = z.object({
  kind: z.enum(QA_FLAG_KINDS),
  /** Seconds into the recording, where it applies. */
  at: z.number().nonnegative().optional(),
  detail: z.string(),
});
export type QaFlag = z.infer<typeof QaFlagSchema>;

export const REVIEW_REASONS = ['sample', 'low_survey', 'complaint', 'transcript_flag'] as const;
export const ReviewReasonSchema = z.enum(REVIEW_REASONS);
export type ReviewReason = z.infer<typeof ReviewReasonSchema>;

export const ANSWERS = ['yes', 'no', 'na'] as const;
export const AnswerSchema = z.enum(ANSWERS);
export type Answer = z.infer<typeof AnswerSchema>;

export const EvaluationCommentSchema = z.object({
  by: z.string().min(1),
  role: z.enum(['supervisor', 'agent']),
  at: Iso,
  text: z.string().min(1).max(2000),
});
export type EvaluationComment = z.infer<typeof EvaluationCommentSchema>;

/** A stored evaluation of one contact against the profile's scorecard. */
export const EvaluationSchema = z.object({
  contactId: z.string().min(1),
  agentId: z.string().min(1),
  scorecardKey: z.string(),
  evaluator: z.string().min(1),
  answers: z.record(z.string(), AnswerSchema),
  /** Per section key: percent (null when every question was "not applicable"). */
  sectionScores: z.record(z.string(), z.number().nullable()),
  /** 0–100; 0 when auto-failed. */
  scorePercent: z.number().min(0).max(100),
  autoFailed: z.boolean(),
  /** Questions whose "no" failed the evaluation. */
  autoFailQuestions: z.array(z.string()),
  passed: z.boolean(),
  reasons: z.array(ReviewReasonSchema),
  flags: z.array(QaFlagSchema),
  comments: z.array(EvaluationCommentSchema),
  /** When the agent last read it (absent: not yet seen). */
  acknowledgedAt: Iso.optional(),
  evaluatedAt: Iso,
});
export type Evaluation = z.infer<typeof EvaluationSchema>;

/** A call waiting for review: why it was picked, and the transcript flags found. */
export const ReviewItemSchema = z.object({
  contactId: z.string(),
  agentId: z.string(),
  initiatedAt: Iso,
  queue: z.string().nullable(),
  reasons: z.array(ReviewReasonSchema).min(1),
  flags: z.array(QaFlagSchema),
  surveyScore: z.number().int().nullable(),
});
export type ReviewItem = z.infer<typeof ReviewItemSchema>;
