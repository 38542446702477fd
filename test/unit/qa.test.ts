/** QA domain (F18): scoring against a scorecard, transcript checks, seeded review selection. */
import { describe, expect, it } from 'vitest';
import { supervisionOf } from '../../contact-flows/profiles/supervision.js';
import {
  checkTranscript,
  isoWeek,
  QaInputError,
  type ReviewCandidate,
  scoreEvaluation,
  selectForReview,
  weekRange,
} from '../../functions/core/supervision/qa.js';
import type { Answer } from '../../schemas/supervision.js';

const card = supervisionOf('auto-dealer').qa.scorecard;
const all = (a: Answer): Record<string, Answer> =>
  Object.fromEntries(card.sections.flatMap((s) => s.questions.map((q) => [q.key, a])));

describe('scoreEvaluation', () => {
  it('scores 100 for all yes and 0 for all no (auto-failed)', () => {
    expect(scoreEvaluation(card, all('yes'))).toMatchObject({
      scorePercent: 100,
      autoFailed: false,
      passed: true,
    });
    expect(scoreEvaluation(card, all('no'))).toMatchObject({
      scorePercent: 0,
      autoFailed: true,
      autoFailQuestions: ['courtesy', 'privacy'],
      passed: false,
    });
  });

  it('weights questions within sections and sections in the total; n/a questions drop out', () => {
    // Opening (20): identify no → 50 %. Business (40): ticket n/a → vehicle 30 + resolve 50 over 80 → 100 %.
    // Conduct (30): hold no → 70 %. Closing (10): summary no → 40 %.
    // Total: (20 × 50 + 40 × 100 + 30 × 70 + 10 × 40) / 100 = 75.
    const r = scoreEvaluation(card, {
      ...all('yes'),
      identify: 'no',
      ticket: 'na',
      hold: 'no',
      summary: 'no',
    });
    expect(r.sectionScores).toEqual({ opening: 50, business: 100, conduct: 70, closing: 40 });
    expect(r).toMatchObject({ scorePercent: 75, autoFailed: false, passed: false });
  });

  it('one "no" on an auto-fail question fails the whole evaluation', () => {
    expect(scoreEvaluation(card, { ...all('yes'), privacy: 'no' })).toMatchObject({
      scorePercent: 0,
      autoFailed: true,
      autoFailQuestions: ['privacy'],
    });
  });

  it('refuses missing answers, unknown questions and n/a where not allowed, naming them', () => {
    const { greeting: _g, ...missing } = all('yes');
    expect(() => scoreEvaluation(card, missing)).toThrow(new QaInputError('no answer for greeting'));
    expect(() => scoreEvaluation(card, { ...all('yes'), bogus: 'yes' })).toThrow(
      /unknown question\(s\) bogus/,
    );
    expect(() => scoreEvaluation(card, { ...all('yes'), greeting: 'na' })).toThrow(
      'question greeting cannot be answered "not applicable"',
    );
  });
});

describe('checkTranscript', () => {
  const rules = supervisionOf('auto-dealer').qa.transcriptRules;
  it('passes a call with a greeting, polite words and no long pause', () => {
    expect(
      checkTranscript(
        [
          { speaker: 'agent', start: 0, end: 3, text: '您好，欢迎致电汽车4S店。' },
          { speaker: 'customer', start: 3.5, end: 6, text: '我想预约保养。' },
          { speaker: 'agent', start: 7, end: 9, text: '好的，请问车牌号？' },
        ],
        rules,
      ),
    ).toEqual([]);
  });

  it('flags a missing greeting, a forbidden phrase (agent side only) and a long silence', () => {
    const flags = checkTranscript(
      [
        { speaker: 'agent', start: 1, end: 3, text: '喂，什么事？' },
        { speaker: 'customer', start: 4, end: 6, text: '我不知道怎么办' },
        { speaker: 'agent', start: 30, end: 33, text: '这个不归我管。' },
      ],
      rules,
    );
    expect(flags.map((f) => [f.kind, f.at])).toEqual([
      ['greeting_missing', 1],
      ['forbidden_phrase', 30],
      ['long_silence', 6],
    ]);
  });

  it('runs only the rules a profile sets', () => {
    expect(
      checkTranscript([{ speaker: 'agent', start: 0, end: 1, text: 'shut up' }], { forbiddenPhrases: [] }),
    ).toEqual([]);
  });
});

describe('review selection', () => {
  const calls: ReviewCandidate[] = Array.from({ length: 30 }, (_, i) => ({
    contactId: `c${String(i).padStart(2, '0')}`,
    agentId: i % 3 === 0 ? 'agent-a' : 'agent-b',
    // 2026-11-23 (Mon) to 2026-12-02: two ISO weeks
    initiatedAt: new Date(Date.parse('2026-11-23T02:00:00Z') + i * 8 * 3_600_000).toISOString(),
    queue: 'Sales',
    surveyScore: i === 4 ? 1 : i === 5 ? 4 : null,
    complaint: i === 7,
    flags: i === 8 ? [{ kind: 'long_silence', detail: 'x' }] : [],
  }));
  const settings = { samplePerAgentPerWeek: 2, lowSurveyScore: 2 };
  const pick = (seed: string, cs = calls) =>
    selectForReview(cs, settings, { seed, timeZone: 'Asia/Shanghai' });

  it('takes N random calls per agent per week, plus every low survey, complaint and flagged call', () => {
    const items = pick('s1');
    const sampled = items.filter((i) => i.reasons.includes('sample'));
    const byGroup = new Map<string, number>();
    for (const i of sampled) {
      const k = `${isoWeek(new Date(i.initiatedAt), 'Asia/Shanghai')}#${i.agentId}`;
      byGroup.set(k, (byGroup.get(k) ?? 0) + 1);
    }
    expect([...byGroup.values()]).toEqual([2, 2, 2, 2]);
    expect(items.find((i) => i.contactId === 'c04')?.reasons).toContain('low_survey');
    expect(items.find((i) => i.contactId === 'c07')?.reasons).toContain('complaint');
    expect(items.find((i) => i.contactId === 'c08')?.reasons).toContain('transcript_flag');
    expect(items.some((i) => i.contactId === 'c05' && !i.reasons.includes('sample'))).toBe(false);
  });

  it('is seeded: the same seed gives the same picks, another seed others; new calls move no other agent’s picks', () => {
    expect(pick('s1')).toEqual(pick('s1'));
    expect(pick('s1').map((i) => i.contactId)).not.toEqual(pick('other-seed').map((i) => i.contactId));
    const extra: ReviewCandidate = { ...(calls[1] as ReviewCandidate), contactId: 'zz', agentId: 'agent-b' };
    const aBefore = pick('s1').filter((i) => i.agentId === 'agent-a');
    const aAfter = pick('s1', [...calls, extra]).filter((i) => i.agentId === 'agent-a');
    expect(aAfter).toEqual(aBefore);
  });

  it('knows ISO weeks in the time zone', () => {
    expect(isoWeek(new Date('2026-11-22T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-W48'); // Mon 00:30 local
    expect(isoWeek(new Date('2026-11-22T15:30:00Z'), 'Asia/Shanghai')).toBe('2026-W47');
    const w = weekRange('2026-W48', 'Asia/Shanghai');
    expect([w.from.toISOString(), w.to.toISOString()]).toEqual([
      '2026-11-22T16:00:00.000Z',
      '2026-11-29T16:00:00.000Z',
    ]);
    expect(() => weekRange('2026-48', 'Asia/Shanghai')).toThrow(QaInputError);
  });
});
