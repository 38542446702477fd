/**
 * Lead capture scenarios (issue 12, outsourcer): the sales key through the real flows and the real capture-lead
 * handler on DynamoDB Local, in both languages: the interest (the client's product lines) and the consent to a
 * call back as the lead recorded (source, interest, consent, the caller), then the sales queue. The flow's own
 * branches (0 at every prompt, no input and wrong keys, every failure, at 100% transition coverage) are a scenario
 * file with the Lambda stubbed: contact-flows/scenarios/outsourced-crm/leads.yaml.
 */

import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { beforeAll, describe, expect, it } from 'vitest';
import { menuText } from '../../contact-flows/flows/index.js';
import { leadMenuOption } from '../../contact-flows/flows/lead-capture.js';
import { SELF_SERVICE_TEXT } from '../../contact-flows/flows/self-service.js';
import { leadSettingsOf } from '../../contact-flows/profiles/leads.js';
import type { LambdaInvoker } from '../../contact-flows/runtime/lambda.js';
import { createCaptureLeadHandler } from '../../functions/capture-lead/handler.js';
import { LEAD_TEXT } from '../../functions/core/leads.js';
import { type LeadRuntimeDeps, leadDepsFromEnv } from '../../functions/shared/lead-deps.js';
import { localTicketEnv } from '../../infra/local/contact-centre.js';
import { LeadResponseSchema } from '../../schemas/leads.js';
import { LANGUAGES, type Language, SENTENCE_JOIN } from '../../schemas/profile.js';
import type { ScenarioCall, ScenarioResult } from '../support/scenario-harness.js';
import { idIn, opening, type ScenarioFile } from './profile-scenarios.js';

export function leadScenarios(file: ScenarioFile): void {
  const { profile } = file;
  const option = leadMenuOption(profile);
  const settings = leadSettingsOf(profile.id);
  if (!option || !settings) return;
  let deps: LeadRuntimeDeps;
  const handler = (): LambdaInvoker => {
    const built = leadDepsFromEnv({
      ...localTicketEnv(profile, {
        tableEnv: file.centre().tables.env,
        endpoint: file.centre().tables.endpoint,
        home: file.centre().home,
      }),
      LEAD_BUDGET_MS: '7000',
    });
    if ('configError' in built) throw new Error(built.configError);
    deps = built;
    return createCaptureLeadHandler({
      logger: new Logger({ logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'Test' }),
      leads: built,
    }) as LambdaInvoker;
  };

  describe.each(LANGUAGES)(
    `${profile.id}: lead capture, callers whose language is %s`,
    (language: Language) => {
      const t = profile.prompts[language];
      const l = LEAD_TEXT[language];
      const ss = SELF_SERVICE_TEXT[language];
      const join = SENTENCE_JOIN[language];
      const id = (name: string) => idIn(profile, name, language);
      const heard = [...opening(profile, language), menuText(profile, language)];
      const zh = language === 'zh-CN';
      // An unknown caller (Chinese by default); an English-speaking customer of the scenario data otherwise.
      const caller = zh ? '+8613600136000' : '+8618666663006';
      const interest = `${l.interest(settings)}${join}${ss.menuAgent}`;
      const consent = `${l.consent}${join}${ss.menuAgent}`;
      const call = (inputs: (string | null)[], extra: Partial<ScenarioCall> = {}) =>
        file.centre().call({
          contactId: randomUUID(),
          from: caller,
          inputs: [option.key, ...inputs],
          ...extra,
          lambdas: { captureLead: handler(), ...extra.lambdas },
        });
      const answerOf = (r: ScenarioResult) => {
        const found = r.lambdas.filter((x) => x.name.endsWith('capture-lead')).at(-1);
        const parsed = LeadResponseSchema.safeParse(found?.response);
        return parsed.success ? parsed.data : undefined;
      };
      const toSales = (r: ScenarioResult) => {
        expect(r.path.map((s) => s.action)).toContain(id(`Queue ${option.queue}`));
        expect(r.queueKey).toBe(option.queue);
      };

      beforeAll(() => {
        handler();
      });

      it.each(settings.productLines.map((p, i) => [String(i + 1), p.key] as const))(
        'key %s records an interest in %s with consent to a call back, then sales',
        async (key, product) => {
          const r = await call([key, '1']);
          const answer = answerOf(r);
          expect(r.prompts.slice(heard.length)).toEqual([
            interest,
            consent,
            l.captured(settings.productLines.find((p) => p.key === product)?.label[language] ?? '', true),
            t.transfer,
            ...r.prompts.slice(heard.length + 4),
          ]);
          toSales(r);
          const lead = await deps.leads.get(answer?.leadId ?? '');
          expect(lead).toMatchObject({
            status: 'new',
            source: 'ivr',
            interest: product,
            consent: true,
            phone: caller,
            contactId: r.ctr.ContactId,
            language,
          });
          expect(r.attributes.leadId).toBe(lead?.leadId);
        },
      );

      it('2 at the consent: the lead is kept without a call back; it is not on the dialling list', async () => {
        const r = await call(['2', '2']);
        const lead = await deps.leads.get(answerOf(r)?.leadId ?? '');
        expect(lead?.consent).toBe(false);
        expect(r.prompts).toContain(l.captured(settings.productLines[1]?.label[language] ?? '', false));
        toSales(r);
      });
    },
  );
}
