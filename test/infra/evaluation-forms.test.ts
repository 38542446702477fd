/** QA scorecards deployed as Amazon Connect evaluation forms (F18): shape, weights, auto-fail; nag-clean. */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { SUPERVISION, supervisionOf } from '../../contact-flows/profiles/supervision.js';
import { ScorecardSchema } from '../../schemas/supervision.js';
import { INSTANCE_ARN, type Synthesized, synth } from './support.js';

describe('evaluation forms', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth({ instanceArn: INSTANCE_ARN, profile: 'distribution' });
  });

  it('deploys the profile scorecard as one active form on the instance, scored by section', () => {
    const card = supervisionOf('distribution').qa.scorecard;
    s.connect.resourceCountIs('AWS::Connect::EvaluationForm', 1);
    s.connect.hasResourceProperties('AWS::Connect::EvaluationForm', {
      InstanceArn: INSTANCE_ARN,
      Title: `Hotline ${card.title}`,
      Status: 'ACTIVE',
      ScoringStrategy: { Mode: 'SECTION_ONLY', Status: 'ENABLED' },
      Items: card.sections.map((sec) =>
        Match.objectLike({
          Section: Match.objectLike({
            RefId: sec.key,
            Title: sec.title,
            Weight: sec.weight,
            Items: sec.questions.map((q) =>
              Match.objectLike({
                Question: Match.objectLike({
                  RefId: q.key,
                  QuestionType: 'SINGLESELECT',
                  Weight: q.weight,
                  NotApplicableEnabled: q.notApplicable,
                }),
              }),
            ),
          }),
        }),
      ),
    });
    s.connect.hasOutput('EvaluationFormArn', Match.anyValue());
  });

  it('fails the evaluation on "No" to an auto-fail question, and only there', () => {
    const form = Object.values(s.connect.findResources('AWS::Connect::EvaluationForm'))[0] as {
      Properties: {
        Items: {
          Section: {
            Items: {
              Question: {
                RefId: string;
                QuestionTypeProperties: {
                  SingleSelect: { Options: { RefId: string; Score: number; AutomaticFail?: boolean }[] };
                };
              };
            }[];
          };
        }[];
      };
    };
    const questions = form.Properties.Items.flatMap((i) => i.Section.Items.map((q) => q.Question));
    const autoFail = questions
      .filter((q) => q.QuestionTypeProperties.SingleSelect.Options.some((o) => o.AutomaticFail))
      .map((q) => q.RefId);
    expect(autoFail.sort()).toEqual(['card', 'courtesy', 'privacy']);
    for (const q of questions)
      expect(q.QuestionTypeProperties.SingleSelect.Options.map((o) => [o.RefId, o.Score])).toEqual([
        ['yes', 10],
        ['no', 0],
      ]);
  });

  it('stays nag-clean with the form', () => {
    expect(s.nag).toEqual([]);
  });

  it('every profile scorecard has unique ref ids and weights adding up to 100 (the schema refuses otherwise)', () => {
    for (const settings of Object.values(SUPERVISION))
      expect(ScorecardSchema.safeParse(settings.qa.scorecard).success).toBe(true);
    const bad = structuredClone(supervisionOf('auto-dealer').qa.scorecard);
    if (bad.sections[0]) bad.sections[0].weight = 21;
    expect(ScorecardSchema.safeParse(bad).error?.issues[0]?.message).toBe(
      'section weights must add up to 100',
    );
  });
});
