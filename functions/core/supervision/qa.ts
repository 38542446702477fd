/**
 * Quality assurance (F18), pure: scoring an evaluation against a scorecard, the automated transcript checks,
 * and picking the calls to review (a seeded random sample per agent per week, plus every call with a low
 * survey score, a complaint or a transcript flag).
 */
import { createHash } from 'node:crypto';
import type { TranscriptTurn } from '../../../schemas/call-record.js';
import type {
  Answer,
  QaFlag,
  QaSettings,
  ReviewItem,
  ReviewReason,
  Scorecard,
  TranscriptRules,
} from '../../../schemas/supervision.js';
import { localParts, zonedTime } from '../business-time.js';

/** A scoring request that does not fit the scorecard: exit code 2 in the CLI, 400 in the API. */
export class QaInputError extends Error {
  override readonly name = 'QaInputError';
}

export interface ScoreResult {
  readonly sectionScores: Record<string, number | null>;
  readonly scorePercent: number;
  readonly autoFailed: boolean;
  readonly autoFailQuestions: string[];
  readonly passed: boolean;
}

const YES_SCORE = 10;

/**
 * Score answers against a scorecard, as Amazon Connect scores an evaluation form in SECTION_ONLY mode: each
 * question scores 10 (yes) or 0 (no); a section's score is the weighted share of its answered questions
 * (not-applicable ones left out, the remaining weights rescaled); the total is the sections' weighted average
 * over the sections with an answer. "No" on an auto-fail question makes the total 0 and the evaluation fail.
 * Every question must be answered; "na" only where the question allows it.
 */
export function scoreEvaluation(card: Scorecard, answers: Readonly<Record<string, Answer>>): ScoreResult {
  const known = new Set(card.sections.flatMap((s) => s.questions.map((q) => q.key)));
  const unknown = Object.keys(answers).filter((k) => !known.has(k));
  if (unknown.length)
    throw new QaInputError(`unknown question(s) ${unknown.join(', ')} in scorecard ${card.key}`);
  const missing = [...known].filter((k) => answers[k] === undefined);
  if (missing.length) throw new QaInputError(`no answer for ${missing.join(', ')}`);
  const sectionScores: Record<string, number | null> = {};
  const autoFailQuestions: string[] = [];
  let total = 0;
  let totalWeight = 0;
  for (const section of card.sections) {
    let got = 0;
    let weight = 0;
    for (const q of section.questions) {
      const a = answers[q.key] as Answer;
      if (a === 'na') {
        if (!q.notApplicable) throw new QaInputError(`question ${q.key} cannot be answered "not applicable"`);
        continue;
      }
      weight += q.weight;
      got += (q.weight * (a === 'yes' ? YES_SCORE : 0)) / YES_SCORE;
      if (a === 'no' && q.autoFail) autoFailQuestions.push(q.key);
    }
    const score = weight > 0 ? (100 * got) / weight : null;
    sectionScores[section.key] = score;
    if (score !== null) {
      total += section.weight * score;
      totalWeight += section.weight;
    }
  }
  const autoFailed = autoFailQuestions.length > 0;
  const raw = totalWeight > 0 ? total / totalWeight : 0;
  const scorePercent = autoFailed ? 0 : Math.round(raw * 100) / 100;
  return {
    sectionScores,
    scorePercent,
    autoFailed,
    autoFailQuestions,
    passed: !autoFailed && scorePercent >= card.passPercent,
  };
}

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ');

/**
 * The automated checks on a transcript (each rule a profile setting; absent rules are off):
 * - `greeting_missing`: none of the greeting phrases in the agent side's first `withinSeconds` of speech;
 * - `forbidden_phrase`: an agent turn contains a forbidden phrase (case-insensitive);
 * - `long_silence`: a gap between two turns (either side) longer than `maxSilenceSeconds`.
 * The agent side is the right channel of the recording: the agent and, before the agent joins, the IVR.
 */
export function checkTranscript(turns: readonly TranscriptTurn[], rules: TranscriptRules): QaFlag[] {
  const flags: QaFlag[] = [];
  const ordered = [...turns].sort((a, b) => a.start - b.start || a.end - b.end);
  const agent = ordered.filter((t) => t.speaker === 'agent');
  const greeting = rules.greeting;
  if (greeting && agent.length > 0) {
    const first = agent[0]?.start ?? 0;
    const opening = agent
      .filter((t) => t.start <= first + greeting.withinSeconds)
      .map((t) => norm(t.text))
      .join(' ');
    if (!greeting.phrases.some((p) => opening.includes(norm(p))))
      flags.push({
        kind: 'greeting_missing',
        at: first,
        detail: `no greeting (${greeting.phrases.join(' / ')}) in the first ${greeting.withinSeconds} s`,
      });
  }
  for (const t of agent) {
    const text = norm(t.text);
    for (const phrase of rules.forbiddenPhrases) {
      if (text.includes(norm(phrase)))
        flags.push({ kind: 'forbidden_phrase', at: t.start, detail: `said "${phrase}"` });
    }
  }
  if (rules.maxSilenceSeconds !== undefined) {
    let lastEnd: number | undefined;
    for (const t of ordered) {
      if (lastEnd !== undefined && t.start - lastEnd > rules.maxSilenceSeconds)
        flags.push({
          kind: 'long_silence',
          at: lastEnd,
          detail: `${(t.start - lastEnd).toFixed(1)} s of silence (limit ${rules.maxSilenceSeconds} s)`,
        });
      lastEnd = Math.max(lastEnd ?? 0, t.end);
    }
  }
  return flags;
}

/** ISO week of `at` in `timeZone`, e.g. `2026-W48`. */
export function isoWeek(at: Date, timeZone: string): string {
  const p = localParts(at, timeZone);
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day));
  const dow = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - dow);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** Monday 00:00 of an ISO week (`2026-W48`) in `timeZone`, and the next Monday. */
export function weekRange(week: string, timeZone: string): { from: Date; to: Date } {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  const n = Number(m?.[2]);
  if (!m || n < 1 || n > 53) throw new QaInputError(`week "${week}" is not like 2026-W48`);
  const year = Number(m[1]);
  // Monday of week 1 is the Monday on or before 4 January.
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(Date.UTC(year, 0, 4 - ((jan4.getUTCDay() || 7) - 1) + (n - 1) * 7));
  const next = new Date(monday.getTime() + 7 * 86_400_000);
  const at = (d: Date) => zonedTime(timeZone, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), 0);
  return { from: at(monday), to: at(next) };
}

/** A call as review selection sees it. */
export interface ReviewCandidate {
  readonly contactId: string;
  readonly agentId: string;
  readonly initiatedAt: string;
  readonly queue: string | null;
  readonly surveyScore: number | null;
  readonly complaint: boolean;
  readonly flags: readonly QaFlag[];
}

/** Stable pseudo-random rank of a call within its agent's week (same seed, same pick). */
const rank = (seed: string, contactId: string): string =>
  createHash('sha256').update(`${seed}\u0000${contactId}`).digest('hex');

/**
 * The calls to review: for each agent and ISO week, `samplePerAgentPerWeek` calls picked at random (seeded by
 * `seed`, the week and the agent: the same data gives the same picks, and adding a call changes no other
 * agent's picks), plus every call with a survey score at or below `lowSurveyScore`, a complaint ticket, or a
 * transcript flag. Each call once, with all its reasons; oldest first.
 */
export function selectForReview(
  candidates: readonly ReviewCandidate[],
  settings: Pick<QaSettings, 'samplePerAgentPerWeek' | 'lowSurveyScore'>,
  opts: { seed: string; timeZone: string },
): ReviewItem[] {
  const reasons = new Map<string, Set<ReviewReason>>();
  const add = (id: string, r: ReviewReason) => {
    let set = reasons.get(id);
    if (!set) {
      set = new Set();
      reasons.set(id, set);
    }
    set.add(r);
  };
  const groups = new Map<string, ReviewCandidate[]>();
  for (const c of candidates) {
    if (c.surveyScore !== null && c.surveyScore <= settings.lowSurveyScore) add(c.contactId, 'low_survey');
    if (c.complaint) add(c.contactId, 'complaint');
    if (c.flags.length > 0) add(c.contactId, 'transcript_flag');
    const key = `${isoWeek(new Date(c.initiatedAt), opts.timeZone)}#${c.agentId}`;
    const g = groups.get(key);
    if (g) g.push(c);
    else groups.set(key, [c]);
  }
  for (const [key, calls] of groups) {
    const picked = calls
      .map((c) => ({ c, r: rank(`${opts.seed}#${key}`, c.contactId) }))
      .sort((a, b) => (a.r < b.r ? -1 : a.r > b.r ? 1 : 0))
      .slice(0, settings.samplePerAgentPerWeek);
    for (const { c } of picked) add(c.contactId, 'sample');
  }
  const order: readonly ReviewReason[] = ['complaint', 'low_survey', 'transcript_flag', 'sample'];
  return candidates
    .filter((c) => reasons.has(c.contactId))
    .sort((a, b) => a.initiatedAt.localeCompare(b.initiatedAt) || a.contactId.localeCompare(b.contactId))
    .map((c) => ({
      contactId: c.contactId,
      agentId: c.agentId,
      initiatedAt: c.initiatedAt,
      queue: c.queue,
      reasons: order.filter((r) => reasons.get(c.contactId)?.has(r)),
      flags: [...c.flags],
      surveyScore: c.surveyScore,
    }));
}
