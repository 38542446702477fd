/**
 * Quality assurance (F18) use cases: the review queue, transcript checks, scoring a call, and the agent's side
 * (reading their evaluations, acknowledging, commenting). One use case per action, whatever calls it: the CLI
 * (`hotline qa …`) now, the supervisor console's API routes later.
 */
import type { CallRecordItem } from '../../../schemas/call-record.js';
import type {
  Answer,
  Evaluation,
  QaFlag,
  QaSettings,
  ReviewItem,
  ReviewReason,
} from '../../../schemas/supervision.js';
import {
  checkTranscript,
  QaInputError,
  type ReviewCandidate,
  scoreEvaluation,
  selectForReview,
} from '../../core/supervision/qa.js';
import type { EvaluationRepository, QaContactSource } from '../../ports/supervision.js';

export interface QaDeps {
  readonly contacts: QaContactSource;
  readonly evaluations: EvaluationRepository;
  readonly settings: QaSettings;
  /** Time zone of the weeks the sample is drawn per. */
  readonly timeZone: string;
  /** Seed of the random sample (e.g. the stack prefix): the same seed and data give the same picks. */
  readonly seed: string;
  readonly now: () => Date;
}

/** The flags the profile's transcript rules raise on a contact (none without a transcript). */
export async function checkCall(
  deps: QaDeps,
  contactId: string,
): Promise<{ flags: QaFlag[]; hasTranscript: boolean }> {
  const view = await deps.contacts.contact(contactId);
  if (!view.record) throw new QaInputError(`no call ${contactId}`);
  if (!view.transcript) return { flags: [], hasTranscript: false };
  return {
    flags: checkTranscript(view.transcript.turns, deps.settings.transcriptRules),
    hasTranscript: true,
  };
}

async function candidate(
  deps: QaDeps,
  record: CallRecordItem & { agentId: string },
  complaints: ReadonlySet<string>,
): Promise<ReviewCandidate> {
  const view = await deps.contacts.contact(record.contactId);
  return {
    contactId: record.contactId,
    agentId: record.agentId,
    initiatedAt: record.initiatedAt,
    queue: record.queue ?? null,
    surveyScore: view.survey?.score ?? null,
    complaint: complaints.has(record.contactId),
    flags: view.transcript ? checkTranscript(view.transcript.turns, deps.settings.transcriptRules) : [],
  };
}

/** Calls answered in [from, to) that should be reviewed and are not evaluated yet, with why. */
export async function reviewQueue(
  deps: QaDeps,
  period: { from: Date; to: Date },
): Promise<{ items: ReviewItem[]; evaluated: number; calls: number }> {
  const records = (await deps.contacts.callsBetween(period.from, period.to)).filter(
    (r): r is CallRecordItem & { agentId: string } => typeof r.agentId === 'string' && r.agentId !== '',
  );
  const complaints = await deps.contacts.complaintContacts();
  const candidates: ReviewCandidate[] = [];
  for (const r of records) candidates.push(await candidate(deps, r, complaints));
  const selected = selectForReview(candidates, deps.settings, { seed: deps.seed, timeZone: deps.timeZone });
  const items: ReviewItem[] = [];
  let evaluated = 0;
  for (const item of selected) {
    if (await deps.evaluations.get(item.contactId)) evaluated++;
    else items.push(item);
  }
  return { items, evaluated, calls: records.length };
}

export interface ScoreCallInput {
  readonly contactId: string;
  readonly evaluator: string;
  readonly answers: Readonly<Record<string, Answer>>;
  readonly comment?: string;
  /** Score again a call already evaluated (its comments are kept). */
  readonly replace?: boolean;
}

/** Score a call against the profile's scorecard and store the evaluation (once per call unless `replace`). */
export async function scoreCall(deps: QaDeps, input: ScoreCallInput): Promise<Evaluation> {
  if (input.evaluator.trim() === '') throw new QaInputError('the evaluator is required');
  const view = await deps.contacts.contact(input.contactId);
  const record = view.record;
  if (!record) throw new QaInputError(`no call ${input.contactId}`);
  if (!record.agentId) throw new QaInputError(`call ${input.contactId} was not answered by an agent`);
  const card = deps.settings.scorecard;
  const result = scoreEvaluation(card, input.answers);
  const flags = view.transcript ? checkTranscript(view.transcript.turns, deps.settings.transcriptRules) : [];
  const reasons: ReviewReason[] = [];
  if (view.survey && view.survey.score <= deps.settings.lowSurveyScore) reasons.push('low_survey');
  if ((await deps.contacts.complaintContacts()).has(input.contactId)) reasons.push('complaint');
  if (flags.length) reasons.push('transcript_flag');
  const at = deps.now().toISOString();
  const evaluation: Evaluation = {
    contactId: input.contactId,
    agentId: record.agentId,
    scorecardKey: card.key,
    evaluator: input.evaluator,
    answers: { ...input.answers },
    ...result,
    reasons,
    flags,
    comments: input.comment ? [{ by: input.evaluator, role: 'supervisor', at, text: input.comment }] : [],
    evaluatedAt: at,
  };
  if (await deps.evaluations.create(evaluation)) return evaluation;
  if (!input.replace)
    throw new QaInputError(`call ${input.contactId} is already evaluated (score it again with --replace)`);
  const before = await deps.evaluations.get(input.contactId);
  const replaced: Evaluation = {
    ...evaluation,
    comments: [...(before?.comments ?? []), ...evaluation.comments],
  };
  await deps.evaluations.replace(replaced);
  return replaced;
}

async function existing(deps: QaDeps, contactId: string): Promise<Evaluation> {
  const e = await deps.evaluations.get(contactId);
  if (!e) throw new QaInputError(`call ${contactId} has no evaluation`);
  return e;
}

/** A comment on an evaluation: by a supervisor, or by the evaluated agent (only theirs). */
export async function commentOnEvaluation(
  deps: QaDeps,
  input: { contactId: string; by: string; role: 'supervisor' | 'agent'; text: string },
): Promise<Evaluation> {
  const text = input.text.trim();
  if (text === '') throw new QaInputError('the comment is empty');
  if (text.length > 2000) throw new QaInputError('the comment is longer than 2000 characters');
  const e = await existing(deps, input.contactId);
  if (input.role === 'agent' && input.by !== e.agentId)
    throw new QaInputError(`agent ${input.by} cannot comment on an evaluation of ${e.agentId}`);
  return deps.evaluations.addComment(input.contactId, {
    by: input.by,
    role: input.role,
    at: deps.now().toISOString(),
    text,
  });
}

/** The agent has read the evaluation (only the evaluated agent can say so). */
export async function acknowledgeEvaluation(
  deps: QaDeps,
  input: { contactId: string; agentId: string },
): Promise<Evaluation> {
  const e = await existing(deps, input.contactId);
  if (input.agentId !== e.agentId)
    throw new QaInputError(`agent ${input.agentId} cannot acknowledge an evaluation of ${e.agentId}`);
  return e.acknowledgedAt ? e : deps.evaluations.acknowledge(input.contactId, deps.now());
}

/** An agent's evaluations, newest first (what the agent sees). */
export async function agentEvaluations(deps: QaDeps, agentId: string): Promise<Evaluation[]> {
  return (await deps.evaluations.listByAgent(agentId)).reverse();
}

export async function getEvaluation(deps: QaDeps, contactId: string): Promise<Evaluation> {
  return existing(deps, contactId);
}
