/**
 * How simulated customers answer an outbound call (`hotline campaigns run`): a seeded, documented model, so a
 * campaign's day replays the same way for the same seed (README "Outbound campaigns: the answer model").
 *
 * Every draw depends only on (seed, campaign, entry, attempt): the order calls are made in changes nothing.
 *
 * - 10% of contacts never answer (a wrong or dead number): every attempt is `no-answer`.
 * - Otherwise each attempt: answered 55%, no-answer 25%, busy 10%, voicemail (an answering machine) 10%.
 * - A call rings 10–30 s before it is answered or given up.
 * - Answered, agentless: the customer presses the first key of the flow's menu (e.g. 1 satisfied, 1 confirm)
 *   70%, the second (2 unsatisfied, 2 cancel) 20%, the opt-out key 9 5%, nothing 5%.
 * - Answered, with an agent: the conversation takes 90–300 s, and the agent records the campaign's dispositions
 *   with the purpose's weights below (e.g. return visits: satisfied 65%, unsatisfied 20%, call back 10%, wrong
 *   number 5%).
 *
 * `ScriptedAnswers` overrides the model per number, attempt by attempt (tests and demos).
 */
import type { CampaignPurpose, DialResult } from '../../../schemas/campaigns.js';

/** FNV-1a, then mulberry32: a uniform number in [0, 1) from a string. */
export function uniform(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  let t = (h + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function pick<T extends string>(u: number, weights: ReadonlyArray<readonly [T, number]>): T {
  const total = weights.reduce((s, [, w]) => s + w, 0);
  let x = u * total;
  for (const [v, w] of weights) {
    if (x < w) return v;
    x -= w;
  }
  return (weights[weights.length - 1] as readonly [T, number])[0];
}

/** What the agent records, by purpose (only dispositions the campaign has are drawn). */
export const AGENT_DISPOSITION_WEIGHTS: Readonly<Record<CampaignPurpose, ReadonlyArray<[string, number]>>> = {
  'return-visit': [
    ['satisfied', 65],
    ['unsatisfied', 20],
    ['call-back', 10],
    ['wrong-number', 5],
  ],
  ordering: [
    ['ordered', 60],
    ['declined', 25],
    ['call-back', 10],
    ['wrong-number', 5],
  ],
  telesales: [
    ['interested', 25],
    ['not-interested', 55],
    ['call-back', 10],
    ['do-not-call', 5],
    ['wrong-number', 5],
  ],
  reminder: [
    ['confirmed', 75],
    ['cancelled', 20],
    ['wrong-number', 5],
  ],
};

/** One attempt's answer as the model (or a script) gives it. */
export interface ModelAnswer {
  readonly result: DialResult;
  readonly ringSeconds: number;
  /** Agentless: keys pressed (one per menu), `''` for none. */
  readonly keys?: string;
  /** Agent: what the agent records. */
  readonly disposition?: string;
  readonly talkSeconds?: number;
}

/** A scripted answer: `no-answer`, `busy`, `voicemail`, `answered`, `answered:keys=1`, `answered:satisfied`. */
export type ScriptedAnswers = Readonly<Record<string, readonly string[]>>;

export interface AnswerQuestion {
  readonly seed: number;
  readonly campaign: string;
  readonly purpose: CampaignPurpose;
  readonly mode: 'agent' | 'agentless';
  readonly entryId: string;
  readonly phone: string;
  readonly attempt: number;
  /** The campaign's disposition keys (agent mode draws among these). */
  readonly dispositions: readonly string[];
  /** Agentless: the menu's keys in order (first = the positive answer). */
  readonly menuKeys: readonly string[];
}

export function parseScripted(text: string): Omit<ModelAnswer, 'ringSeconds'> {
  const [result, detail] = text.split(':', 2) as [string, string | undefined];
  const allowed = ['answered', 'no-answer', 'busy', 'voicemail', 'abandoned', 'failed'];
  if (!allowed.includes(result))
    throw new Error(`scripted answer "${text}": begin with one of ${allowed.join(', ')}`);
  if (result !== 'answered' || !detail) return { result: result as DialResult };
  if (detail.startsWith('keys=')) return { result: 'answered', keys: detail.slice(5) };
  return { result: 'answered', disposition: detail, talkSeconds: 120 };
}

export function answerOf(q: AnswerQuestion, scripted?: ScriptedAnswers): ModelAnswer {
  const k = `${q.seed}|${q.campaign}|${q.entryId}`;
  const ringSeconds = 10 + Math.floor(uniform(`${k}|${q.attempt}|ring`) * 21);
  const script = scripted?.[q.phone];
  if (script && script.length > 0) {
    const text = script[Math.min(q.attempt, script.length) - 1] as string;
    const a = parseScripted(text);
    return {
      ringSeconds,
      ...a,
      ...(a.result === 'answered' && q.mode === 'agent' && !a.disposition
        ? { disposition: q.dispositions[0] as string, talkSeconds: 120 }
        : {}),
      ...(a.result === 'answered' && q.mode === 'agentless' && a.keys === undefined
        ? { keys: q.menuKeys[0] ?? '' }
        : {}),
    };
  }
  if (uniform(`${k}|dead`) < 0.1) return { result: 'no-answer', ringSeconds: 30 };
  const result = pick<DialResult>(uniform(`${k}|${q.attempt}|result`), [
    ['answered', 55],
    ['no-answer', 25],
    ['busy', 10],
    ['voicemail', 10],
  ]);
  if (result !== 'answered') return { result, ringSeconds: result === 'busy' ? 2 : ringSeconds };
  if (q.mode === 'agentless') {
    const choice = pick(uniform(`${k}|${q.attempt}|keys`), [
      ['first', 70],
      ['second', 20],
      ['optout', 5],
      ['none', 5],
    ]);
    const keys =
      choice === 'first'
        ? (q.menuKeys[0] ?? '')
        : choice === 'second'
          ? (q.menuKeys[1] ?? '')
          : choice === 'optout'
            ? '9'
            : '';
    return { result, ringSeconds, keys };
  }
  const weights = AGENT_DISPOSITION_WEIGHTS[q.purpose].filter(([d]) => q.dispositions.includes(d));
  const disposition = weights.length
    ? pick(uniform(`${k}|${q.attempt}|disposition`), weights)
    : (q.dispositions[0] as string);
  const talkSeconds = 90 + Math.floor(uniform(`${k}|${q.attempt}|talk`) * 211);
  return { result, ringSeconds, disposition, talkSeconds };
}
