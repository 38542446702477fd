/**
 * Post-call survey scenarios of a profile (F8): the inbound flow's disconnect-flow hook, the survey flow and the
 * real survey Lambda on DynamoDB Local (result per contact, agent and queue; a low score opens a follow-up ticket
 * through the tickets use case), in both languages. Every transition the survey adds is taken here: the hook's
 * in the inbound flow (held to 100% by the coverage block that follows in each profile's file) and all of the
 * survey flow's (checked at the end of this block).
 * Each profile's test file calls `surveyScenarios(file)` before its coverage block.
 * Calls get a unique ContactId, as Connect's are: the result is stored once per contact.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  buildProfileFlows,
  buildProfileModules,
  localFlowArn,
  localFlowRefs,
  SURVEY_SECOND_QUESTION,
  SURVEY_TEXT,
} from '../../contact-flows/flows/index.js';
import { leadMenuOption } from '../../contact-flows/flows/lead-capture.js';
import { ticketMenuOption } from '../../contact-flows/flows/ticket-menu.js';
import type { LambdaInvoker } from '../../contact-flows/runtime/lambda.js';
import { DynamoCallRecordRepository } from '../../functions/adapters/dynamodb/call-record-repository.js';
import { DynamoTicketRepository } from '../../functions/adapters/dynamodb/ticket-repository.js';
import { SurveyResponseSchema } from '../../schemas/call-record.js';
import { LANGUAGES } from '../../schemas/profile.js';
import { CONTACTS_TABLE } from '../../schemas/tables.js';
import type { ScenarioCall, ScenarioResult } from '../support/scenario-harness.js';
import { idIn, keys, type ScenarioFile } from './profile-scenarios.js';

const throws: LambdaInvoker = () => {
  throw new Error('Runtime.HandlerTimeout: simulated crash');
};

/** What the survey Lambda answered in a call, if it was invoked. */
function surveyAnswer(r: ScenarioResult) {
  const call = r.lambdas.find((l) => l.name.endsWith('-survey'));
  return call ? SurveyResponseSchema.parse(call.response) : undefined;
}

export function surveyScenarios(file: ScenarioFile): void {
  const { profile, spec } = file;
  const surveyArn = localFlowArn(profile, 'survey');
  const records = () => {
    const { tables } = file.centre();
    return new DynamoCallRecordRepository(tables.doc, tables.env[CONTACTS_TABLE.envVar] as string);
  };

  for (const language of LANGUAGES) {
    const t = SURVEY_TEXT[language];
    const second = SURVEY_SECOND_QUESTION[profile.id]?.[language];
    const questions = second ? [t.question, `${t.secondQuestionIntro}${second}`] : [t.question];
    const vip = spec.cast[language].vip;
    /** The VIP goes straight to their dedicated agent; the agent hangs up first and the survey runs. */
    const call = (answers: (string | null)[], extra: Partial<ScenarioCall> = {}) =>
      file.centre().call({
        contactId: randomUUID(),
        from: vip.dial,
        inputs: [...keys(profile, vip), ...answers],
        ...extra,
      });

    describe(`${profile.id}: post-call survey (${language})`, () => {
      it('a satisfied caller rates the call: stored once per contact, with the agent and the queue', async () => {
        const r = await call(second ? ['5', '4'] : ['5']);
        expect(r.agentId).toBe(vip.agent);
        expect(r.surveyPrompts).toEqual([...questions, t.thanks]);
        expect(r.ctr.DisconnectReason).toBe('AGENT_DISCONNECT');
        expect(surveyAnswer(r)).toEqual({ surveyStatus: 'recorded', followUp: 'false' });
        const { survey } = await records().getContact(r.contactId);
        expect(survey).toMatchObject({
          contactId: r.contactId,
          score: 5,
          agentId: vip.agent,
          queue: r.ctr.Queue?.Name,
          ...(second ? { answer2: 4 } : {}),
        });
        expect(survey?.followUpTicketId).toBeUndefined();
      });

      it('the caller keys nothing: no result is stored and the call ends', async () => {
        const r = await call([null]);
        expect(r.surveyPrompts).toEqual([t.question]);
        expect(surveyAnswer(r)).toBeUndefined();
        expect((await records().getContact(r.contactId)).survey).toBeUndefined();
      });

      if (second) {
        it('the caller skips the second question: the rating alone is stored', async () => {
          const r = await call(['4', null]);
          expect(r.surveyPrompts).toEqual([...questions, t.thanks]);
          const { survey } = await records().getContact(r.contactId);
          expect(survey?.score).toBe(4);
          expect(survey?.answer2).toBeUndefined();
        });
      }

      it('the survey Lambda fails: the caller is still thanked', async () => {
        const r = await call(second ? ['3', '3'] : ['3'], { lambdas: { recordSurvey: throws } });
        expect(r.surveyPrompts).toEqual([...questions, t.thanks]);
      });

      it('the disconnect flow cannot be set: the call ends with the agent, without a survey', async () => {
        const r = await call([], {
          faults: [
            {
              flow: file.centre().flowArn('inbound'),
              action: idIn(profile, 'Survey flow', language),
              error: 'NoMatchingError',
            },
          ],
        });
        expect(r.agentId).toBe(vip.agent);
        expect(r.surveyPrompts).toEqual([]);
        expect(r.ctr.DisconnectReason).toBe('CUSTOMER_DISCONNECT');
      });
    });
  }

  describe(`${profile.id}: post-call survey, low score`, () => {
    // A number of its own: the follow-up ticket counts on the caller's lookup item (openTickets), which other
    // scenarios (and the error sweep's replays of them) must not see change.
    const caller = '+8613999000190';
    // A key that goes straight to a queue (not the ticket submenu, nor lead capture's questions).
    const option = profile.menu.find(
      (o) => o.key !== ticketMenuOption(profile)?.key && o !== leadMenuOption(profile),
    );
    if (!option) throw new Error(`${profile.id}: no menu option outside the ticket submenu`);
    const t = SURVEY_TEXT[profile.defaultLanguage];
    const second = SURVEY_SECOND_QUESTION[profile.id]?.[profile.defaultLanguage];

    it('a low score (2) opens a follow-up ticket for the contact', async () => {
      const r = await file.centre().call({
        contactId: randomUUID(),
        from: caller,
        inputs: [...keys(profile, undefined, option.key), '2', ...(second ? ['1'] : [])],
      });
      expect(r.agentId).toBeDefined();
      expect(r.surveyPrompts.at(-1)).toBe(t.thanks);
      expect(surveyAnswer(r)).toEqual({ surveyStatus: 'recorded', followUp: 'true' });
      const { survey } = await records().getContact(r.contactId);
      expect(survey).toMatchObject({ score: 2, agentId: r.agentId, callerNumber: caller });
      expect(survey?.followUpTicketId).toMatch(/^T\d{8}-\d{4}$/);
      const ticket = await new DynamoTicketRepository(
        file.centre().tables.doc,
        file.centre().tables.env.TICKETS_TABLE_NAME as string,
        file.centre().tables.env.CRM_TABLE_NAME as string,
      ).get(survey?.followUpTicketId as string);
      expect(ticket).toMatchObject({ source: 'survey', contactId: r.contactId, phone: caller });
    });
  });

  describe(`${profile.id}: post-call survey flow errors`, () => {
    // The disconnect flow and the survey module it invokes.
    const refs = localFlowRefs(profile);
    const parts = [
      { arn: surveyArn, doc: buildProfileFlows(profile, refs).survey.content },
      { arn: refs.modules.survey, doc: buildProfileModules(profile, refs).survey.content },
    ];
    const skippable = parts.flatMap(({ arn, doc }) =>
      doc.Actions.filter((a) => a.Transitions.Errors?.some((e) => e.ErrorType === 'NoMatchingError')).map(
        (a) => [a.Identifier, arn] as const,
      ),
    );
    it.each(skippable)('an error in "%s" (%s) still ends the call normally', async (action, arn) => {
      const language = action.endsWith(' en-US') ? 'en-US' : profile.defaultLanguage;
      const vip = spec.cast[language].vip;
      const second = SURVEY_SECOND_QUESTION[profile.id]?.[language];
      const r = await file.centre().call({
        contactId: randomUUID(),
        from: vip.dial,
        inputs: [...keys(profile, vip), '5', ...(second ? ['5'] : [])],
        faults: [{ flow: arn, action, error: 'NoMatchingError' }],
      });
      expect(r.agentId).toBe(vip.agent);
      expect(r.path.some((s) => s.flow === arn && s.action === action && s.branch.startsWith('Error:'))).toBe(
        true,
      );
    });

    it('takes every transition of the survey flow', () => {
      const missed = file
        .centre()
        .coverage.missed()
        .filter((m) => m.flowName.endsWith(' survey') || m.flowName.endsWith(' survey questions'))
        .map((m) => `${m.action} ${m.branch}`);
      expect(missed).toEqual([]);
    });
  });
}
