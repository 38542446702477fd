import { CfnOutput, Stack } from 'aws-cdk-lib';
import * as connect from 'aws-cdk-lib/aws-connect';
import { Construct } from 'constructs';
import type { Scorecard } from '../../schemas/supervision.js';

export interface EvaluationFormsProps {
  /** Connect instance ARN (a reference to the created instance, or the adopted one). */
  readonly instanceArn: string;
  /** The profile's scorecard (contact-flows/profiles/supervision.ts). */
  readonly scorecard: Scorecard;
  /** Prefix of Connect resource names (the stack prefix). */
  readonly namePrefix: string;
}

/**
 * The profile's QA scorecard as an Amazon Connect evaluation form (`AWS::Connect::EvaluationForm`), active, so
 * supervisors can evaluate contacts in Connect with the same sections, questions, weights and auto-fail
 * questions the local `hotline qa` scores with. Scoring mode SECTION_ONLY: section weights add up to 100 and
 * each section's question weights add up to 100 (the profile schema checks both). Every question is a yes/no
 * single select: "Yes" scores 10, "No" 0 and, on an auto-fail question, fails the whole evaluation.
 */
export class EvaluationForms extends Construct {
  readonly form: connect.CfnEvaluationForm;

  constructor(scope: Construct, id: string, props: EvaluationFormsProps) {
    super(scope, id);
    const card = props.scorecard;
    this.form = new connect.CfnEvaluationForm(this, 'Form', {
      instanceArn: props.instanceArn,
      title: `${props.namePrefix} ${card.title}`.slice(0, 128),
      description:
        `${card.description ?? ''} Pass mark ${card.passPercent}%. Scorecard ${card.key}, from the Hotline profile.`
          .trim()
          .slice(0, 1024),
      status: 'ACTIVE',
      scoringStrategy: { mode: 'SECTION_ONLY', status: 'ENABLED' },
      items: card.sections.map((s) => ({
        section: {
          refId: s.key,
          title: s.title,
          weight: s.weight,
          items: s.questions.map((q) => ({
            question: {
              refId: q.key,
              title: q.title,
              questionType: 'SINGLESELECT',
              weight: q.weight,
              notApplicableEnabled: q.notApplicable,
              questionTypeProperties: {
                singleSelect: {
                  displayAs: 'RADIO',
                  options: [
                    { refId: 'yes', text: 'Yes', score: 10 },
                    { refId: 'no', text: 'No', score: 0, ...(q.autoFail ? { automaticFail: true } : {}) },
                  ],
                },
              },
            },
          })),
        },
      })),
    });
    new CfnOutput(Stack.of(this), 'EvaluationFormArn', {
      value: this.form.attrEvaluationFormArn,
      description: `Amazon Connect evaluation form of scorecard ${card.key}`,
    });
  }
}
