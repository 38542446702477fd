/**
 * Supervision per profile (F16, F17, F18): the wallboard's service level and thresholds, the QA scorecard
 * (deployed as an Amazon Connect evaluation form, used locally by `hotline qa`), how calls are picked for
 * review, and the automated transcript checks. Kept beside the profiles like ticketing.ts, so supervision can
 * change without touching a profile's contact-centre resources; `supervisionOf(profile.id)` is the one way to
 * read them. Parsed when this module loads: a scorecard whose weights do not add up fails at import.
 */
import type { ProfileId } from '../../schemas/profile.js';
import {
  type ScorecardInput,
  type SupervisionSettings,
  type SupervisionSettingsInput,
  SupervisionSettingsSchema,
} from '../../schemas/supervision.js';

/** Sections every scorecard starts from; a profile adds its own business section. */
function scorecard(key: string, title: string, business: ScorecardInput['sections'][number]): ScorecardInput {
  return {
    key,
    title,
    description:
      'Scored from the recording and transcript. "No" on a question marked auto-fail fails the call.',
    passPercent: 80,
    sections: [
      {
        key: 'opening',
        title: 'Opening',
        weight: 20,
        questions: [
          { key: 'greeting', title: 'Greeted the caller with the standard greeting', weight: 50 },
          { key: 'identify', title: 'Identified the caller or verified the customer', weight: 50 },
        ],
      },
      business,
      {
        key: 'conduct',
        title: 'Conduct and compliance',
        weight: 30,
        questions: [
          {
            key: 'courtesy',
            title: 'Was courteous and never used forbidden language',
            weight: 40,
            autoFail: true,
          },
          {
            key: 'privacy',
            title: 'Disclosed no customer data before verification',
            weight: 30,
            autoFail: true,
          },
          {
            key: 'hold',
            title: 'Asked before putting on hold, and came back in time',
            weight: 30,
            notApplicable: true,
          },
        ],
      },
      {
        key: 'closing',
        title: 'Closing',
        weight: 10,
        questions: [
          { key: 'summary', title: 'Summarized the outcome and next steps', weight: 60 },
          { key: 'farewell', title: 'Offered further help and said goodbye', weight: 40 },
        ],
      },
    ],
  };
}

const COMMON_RULES = {
  forbiddenPhrases: ['不知道', '不归我管', '你自己看着办', "that's not my problem", 'shut up'],
  maxSilenceSeconds: 15,
};

const WALLBOARD = {
  serviceLevel: { thresholdSeconds: 20, targetPercent: 80 },
  queueWaitSeconds: 60,
  agentAcwSeconds: 120,
  refreshSeconds: 15,
};

const INPUT: Readonly<Record<ProfileId, SupervisionSettingsInput>> = {
  'auto-dealer': {
    wallboard: WALLBOARD,
    qa: {
      scorecard: scorecard('auto-dealer-call', 'Dealer hotline call', {
        key: 'business',
        title: 'Service handling',
        weight: 40,
        questions: [
          { key: 'vehicle', title: 'Confirmed the vehicle (plate or VIN) and the owner', weight: 30 },
          { key: 'resolve', title: 'Booked, answered or escalated correctly', weight: 50 },
          { key: 'ticket', title: 'Opened a ticket when one was needed', weight: 20, notApplicable: true },
        ],
      }),
      samplePerAgentPerWeek: 2,
      lowSurveyScore: 2,
      transcriptRules: {
        greeting: { phrases: ['您好', '欢迎致电', 'welcome'], withinSeconds: 15 },
        ...COMMON_RULES,
      },
    },
  },
  logistics: {
    wallboard: { ...WALLBOARD, serviceLevel: { thresholdSeconds: 20, targetPercent: 80 } },
    qa: {
      scorecard: scorecard('logistics-call', 'Express carrier call', {
        key: 'business',
        title: 'Shipment handling',
        weight: 40,
        questions: [
          { key: 'waybill', title: 'Confirmed the waybill number and the sender or receiver', weight: 30 },
          { key: 'resolve', title: 'Gave the right status, booking or claim step', weight: 50 },
          { key: 'ticket', title: 'Opened a ticket when one was needed', weight: 20, notApplicable: true },
        ],
      }),
      samplePerAgentPerWeek: 2,
      lowSurveyScore: 2,
      transcriptRules: {
        greeting: { phrases: ['您好', '欢迎致电', 'welcome'], withinSeconds: 15 },
        ...COMMON_RULES,
      },
    },
  },
  distribution: {
    wallboard: { ...WALLBOARD, queueWaitSeconds: 90 },
    qa: {
      scorecard: scorecard('distribution-call', 'Ordering centre call', {
        key: 'business',
        title: 'Order handling',
        weight: 40,
        questions: [
          { key: 'card', title: 'Authenticated the retailer by customer card', weight: 30, autoFail: true },
          { key: 'order', title: 'Read the order back and checked supply limits', weight: 50 },
          { key: 'ticket', title: 'Opened a ticket when one was needed', weight: 20, notApplicable: true },
        ],
      }),
      samplePerAgentPerWeek: 3,
      lowSurveyScore: 2,
      transcriptRules: {
        greeting: { phrases: ['您好', '欢迎致电', 'welcome'], withinSeconds: 15 },
        ...COMMON_RULES,
      },
    },
  },
  'outsourced-crm': {
    wallboard: { ...WALLBOARD, serviceLevel: { thresholdSeconds: 30, targetPercent: 85 } },
    qa: {
      scorecard: scorecard('outsourced-crm-call', 'Service centre call', {
        key: 'business',
        title: 'Client service',
        weight: 40,
        questions: [
          { key: 'script', title: "Followed the client's script", weight: 40 },
          { key: 'resolve', title: 'Resolved or recorded the request correctly', weight: 40 },
          {
            key: 'ticket',
            title: 'Opened a ticket or lead when one was needed',
            weight: 20,
            notApplicable: true,
          },
        ],
      }),
      samplePerAgentPerWeek: 4,
      lowSurveyScore: 2,
      transcriptRules: {
        greeting: { phrases: ['您好', '欢迎致电', 'welcome'], withinSeconds: 15 },
        ...COMMON_RULES,
      },
    },
  },
};

export const SUPERVISION: Readonly<Record<ProfileId, SupervisionSettings>> = Object.fromEntries(
  Object.entries(INPUT).map(([id, input]) => [id, SupervisionSettingsSchema.parse(input)]),
) as Record<ProfileId, SupervisionSettings>;

/** The supervision settings of a profile. */
export function supervisionOf(profileId: ProfileId): SupervisionSettings {
  return SUPERVISION[profileId];
}
