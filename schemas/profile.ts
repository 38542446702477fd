import { z } from 'zod';
import { LookupResponseSchema } from './lookup.js';
import { PROFILE_IDS } from './profile-ids.js';

export { PROFILE_IDS };
export const ProfileIdSchema = z.enum(PROFILE_IDS);
export type ProfileId = z.infer<typeof ProfileIdSchema>;

export const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
export const DaySchema = z.enum(DAYS);
export type Day = z.infer<typeof DaySchema>;

const HhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM, 00:00 to 24:00');

/** Hours of operation: per day, open from `start` to `end` (local time in the config's time zone). */
export const HoursSchema = z.object({
  name: z.string().min(1).max(127),
  days: z.partialRecord(DaySchema, z.object({ start: HhMm, end: HhMm })),
});
export type Hours = z.infer<typeof HoursSchema>;

const QueueKey = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'lower-case key');

export const QueueDefSchema = z.object({
  key: QueueKey,
  name: z.string().min(1).max(127),
  description: z.string().max(250),
  /** Key of the hours in `hours`. */
  hours: z.string(),
  maxContacts: z.number().int().positive().optional(),
});
export type QueueDef = z.infer<typeof QueueDefSchema>;

export const RoutingProfileDefSchema = z.object({
  key: QueueKey,
  name: z.string().min(1).max(127),
  description: z.string().min(1).max(250),
  /** Queues this profile's agents serve: priority 1 (first) to 99, delay in seconds. */
  queues: z
    .array(
      z.object({
        queue: QueueKey,
        priority: z.number().int().min(1).max(99),
        delay: z.number().int().min(0),
      }),
    )
    .min(1),
  defaultOutboundQueue: QueueKey,
});
export type RoutingProfileDef = z.infer<typeof RoutingProfileDefSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Languages, prompts and voices

/** Languages the flows speak. The profile's `defaultLanguage` is used unless the caller lookup says otherwise. */
export const LANGUAGES = ['zh-CN', 'en-US'] as const;
export const LanguageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof LanguageSchema>;

/** How sentences are joined into one prompt: Chinese needs no space between sentences, English does. */
export const SENTENCE_JOIN: Readonly<Record<Language, string>> = { 'zh-CN': '', 'en-US': ' ' };

/** One value per language: `{ 'zh-CN': ..., 'en-US': ... }`. */
export const localized = <T extends z.ZodType>(value: T) => z.object({ 'zh-CN': value, 'en-US': value });

const PromptText = z.string().trim().min(1).max(1500);

/**
 * Contact attributes the inbound flow sets: every key of the caller lookup's answer (copied from `$.External`),
 * and the card number a caller typed. Prompts may read them as `$.Attributes.<key>`.
 */
export const CALLER_ATTRIBUTE_KEYS: readonly string[] = [
  ...LookupResponseSchema.keyof().options,
  'cardNumber',
];

/** Queue metrics `GetMetricData` fills (reference §2); prompts of the customer queue flow may read them. */
export const QUEUE_METRIC_PATHS: readonly string[] = [
  '$.Metrics.Queue.Size',
  '$.Metrics.Queue.OldestContactAge',
  '$.Metrics.Queue.Name',
  '$.Metrics.Agents.Online.Count',
  '$.Metrics.Agents.Available.Count',
  '$.Metrics.Agents.Staffed.Count',
];

/**
 * What the flows say, in one language. Plain text for Amazon Polly; a prompt may embed Connect references
 * (`$.Attributes.displayName`, `$.Metrics.Queue.Size`) that Connect fills in when it speaks. Put a space or
 * punctuation right after a reference: a letter or digit would be read as part of it.
 */
export const PromptSetSchema = z.object({
  /** First thing a caller hears (after the lookup); mention that calls are recorded. */
  welcome: PromptText,
  /** A blocked number: we cannot take the call (then goodbye and hang up). */
  blocked: PromptText,
  /** Outside the entry hours (`hoursForEntry`); then the voicemail offer (contact-flows/flows/voicemail.ts). */
  afterHours: PromptText,
  /** Said before the menu options, e.g. "请选择您需要的服务。". */
  menuIntro: PromptText,
  /** One menu option, from `{label}` and `{key}`: "{label}请按{key}。" / "For {label}, press {key}.". */
  menuOption: PromptText,
  /** Re-prompt after no key was pressed in time (then the menu again). */
  menuNoInput: PromptText,
  /** Re-prompt after a key that is not in the menu (then the menu again). */
  menuInvalid: PromptText,
  /** Just before the transfer to a queue or an agent. */
  transfer: PromptText,
  /** The chosen queue is outside its own hours; then the voicemail offer (a message for that queue). */
  queueClosed: PromptText,
  /** The queue is at capacity; then goodbye and hang up. */
  busy: PromptText,
  /** Something failed on our side; then goodbye and hang up. */
  error: PromptText,
  goodbye: PromptText,
  /** Customer queue flow, once on entry when others wait: may read `$.Metrics.Queue.Size`. */
  queueStatus: PromptText,
  /** Customer queue flow: repeated while the caller holds. */
  hold: PromptText,
  /** Customer queue flow: every `holdInterruptSeconds`, "press 1 for a callback". */
  callbackOffer: PromptText,
  /** Customer queue flow: the callback is booked (then goodbye and hang up). */
  callbackConfirmed: PromptText,
  /** Agent whisper for a known caller: reads `$.Attributes.displayName`, `.tier`, `.openTickets`… */
  whisper: PromptText,
  /** Agent whisper, said first for a VIP caller. */
  whisperVip: PromptText,
  /** Agent whisper for a caller we could not identify (or when the lookup failed). */
  whisperUnknown: PromptText,
  /** Agent whisper, said last for a repeat caller: reads `$.Attributes.lastContactAt`. */
  whisperLastContact: PromptText,
  /** Card-number prompt (required when `authenticateByCard`); the caller ends with #. */
  cardNumber: PromptText.optional(),
});
export type PromptSet = z.infer<typeof PromptSetSchema>;
export type PromptKey = keyof PromptSet;

/** An Amazon Polly voice as Connect's Set voice block takes it. */
export const VoiceSchema = z.object({
  /** Polly voice id, e.g. `Zhiyu` (Mandarin, cmn-CN) or `Joanna` (en-US). */
  voice: z.string().regex(/^[A-Z][A-Za-z]+$/, 'a Polly voice id such as Zhiyu'),
  /** `Neural` where the voice has it (Zhiyu and Joanna do), else `Standard`. */
  engine: z.enum(['Neural', 'Standard']).optional(),
});
export type Voice = z.infer<typeof VoiceSchema>;

/** Zhiyu (cmn-CN) and Joanna (en-US) both have neural and standard versions (Polly "Available voices"). */
export const DEFAULT_VOICES: Readonly<Record<Language, Voice>> = {
  'zh-CN': { voice: 'Zhiyu', engine: 'Neural' },
  'en-US': { voice: 'Joanna', engine: 'Neural' },
};

// ---------------------------------------------------------------------------------------------------------------
// Menu, agents, callbacks

/** Keys a menu option may use: one digit (`*` and `#` are left for navigation). */
export const MENU_KEYS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

export const MenuOptionSchema = z.object({
  /** The DTMF key: one digit. */
  key: z.enum(MENU_KEYS),
  /** What the option is called in the menu prompt, per language ("维修保养预约" / "repair and service booking"). */
  label: localized(z.string().trim().min(1).max(100)),
  /** Queue the option transfers to. */
  queue: QueueKey,
  /**
   * Callers whose lookup names a branch (`queueHint` is one of `branchQueues`) go to their branch's queue
   * instead of `queue` (distribution: orders are taken by the retailer's own branch).
   */
  branchFirst: z.boolean().default(false),
  /**
   * A key routing that skips the menu (last-agent routing) must never take away: an urgent service (the dealer's
   * roadside rescue) or self-service a caller comes for every time (the distributor's phone ordering). A repeat
   * caller hears "connecting you to your last agent; for <label> press <key>" first; the key goes where the menu
   * would send it.
   */
  urgent: z.boolean().default(false),
});
export type MenuOption = z.infer<typeof MenuOptionSchema>;

/** Agent ids as the CRM stores them (`dedicatedAgentId`, recent contacts); in AWS, Connect user ids. */
const AgentId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'letters, digits, "-" or "_"');

/** A demo agent of the local contact centre (CDK creates no users). */
export const AgentDefSchema = z.object({
  id: AgentId,
  name: z.string().trim().min(1).max(100),
  /** Key of the routing profile whose queues the agent serves. */
  routingProfile: QueueKey,
});
export type AgentDef = z.infer<typeof AgentDefSchema>;

const THREE_DAYS = 259_200;
/** How a callback booked from the customer queue flow is dialled (CreateCallbackContact). */
export const CallbackSchema = z.object({
  /** Wait after an agent is free before dialling. */
  initialDelaySeconds: z.number().int().min(1).max(THREE_DAYS).default(5),
  maxAttempts: z.number().int().min(1).max(10).default(2),
  retryDelaySeconds: z.number().int().min(1).max(THREE_DAYS).default(600),
});
export type Callback = z.infer<typeof CallbackSchema>;

/** `{key}` / `{label}` in `menuOption`. */
const MENU_PLACEHOLDERS = ['{key}', '{label}'] as const;
/** A Connect reference in prompt text: `$.Attributes.tier`, `$.Metrics.Queue.Size`. */
const PROMPT_REFERENCE = /\$\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*/g;

/** Why a reference in prompt `key` is not allowed, or undefined. */
function promptReferenceProblem(key: PromptKey, ref: string): string | undefined {
  const attribute = /^\$\.Attributes\.(.+)$/.exec(ref)?.[1];
  if (attribute !== undefined) {
    return CALLER_ATTRIBUTE_KEYS.includes(attribute)
      ? undefined
      : `"${ref}": the flows set no attribute "${attribute}" (known: ${CALLER_ATTRIBUTE_KEYS.join(', ')})`;
  }
  if (ref.startsWith('$.Metrics.')) {
    if (key !== 'queueStatus' && key !== 'hold')
      return `"${ref}": queue metrics are only known in queueStatus and hold`;
    return QUEUE_METRIC_PATHS.includes(ref) ? undefined : `"${ref}": unknown queue metric`;
  }
  if (ref === '$.Queue.Name') return undefined;
  return `"${ref}": prompts may read $.Attributes.<key>, $.Metrics.* (queue flow) and $.Queue.Name`;
}

/**
 * An industry profile: what an operator chooses with `-c profile=NAME`. The contact-centre
 * resources (hours, queues, routing profiles), the IVR menu, the prompts and voices, and the demo
 * agents of the local contact centre are read from here by CDK, the contact flows and the local
 * contact centre alike. Ticket categories and SMS templates join this definition in later slices.
 */
export const ProfileSchema = z
  .object({
    id: ProfileIdSchema,
    title: z.string(),
    /** Region for numbers dialled without a country code (ISO 3166 alpha-2). */
    phoneRegion: z.string().regex(/^[A-Z]{2}$/),
    hours: z.record(z.string(), HoursSchema),
    queues: z.array(QueueDefSchema).min(1),
    routingProfiles: z.array(RoutingProfileDefSchema).min(1),
    /** Queue used when nothing else applies (also the in-call Lambdas' safe default). */
    generalQueue: QueueKey,
    /** Queue of the VIP green channel. */
    vipQueue: QueueKey,
    /** Branch name → queue key, for callers whose customer record names a branch. */
    branchQueues: z.record(z.string(), QueueKey).default({}),
    /**
     * Last-agent routing (F6) applies only when the caller's last contact with an agent is at most this many days
     * old (issue 12 item 6); older, the caller gets the menu like anyone else.
     */
    lastAgentWindowDays: z.number().int().min(0).max(365).default(7),

    /** Hours the inbound flow checks first (key of `hours`); each queue's own hours are checked at transfer. */
    hoursForEntry: z.string(),
    /** Language of callers the lookup gives no (supported) language for. */
    defaultLanguage: LanguageSchema.default('zh-CN'),
    prompts: localized(PromptSetSchema),
    voice: localized(VoiceSchema).default({ ...DEFAULT_VOICES }),
    /** The IVR menu, in the order it is read. */
    menu: z.array(MenuOptionSchema).min(1).max(10),
    /** Times the menu is offered again after no key or a wrong key; then the general queue. */
    menuRetries: z.number().int().min(0).max(5).default(2),
    /** Seconds to wait for the first key of the menu. */
    menuTimeoutSeconds: z.number().int().min(1).max(30).default(5),
    /** Ask the caller for their customer card number (distribution). */
    authenticateByCard: z.boolean().default(false),
    /** Most digits of a card number (the caller may end earlier with #). */
    cardNumberMaxLength: z.number().int().min(1).max(32).default(12),
    /** While a caller holds, offer a callback this often (Connect advises more than 20 s). */
    holdInterruptSeconds: z.number().int().min(30).max(600).default(60),
    callback: CallbackSchema.default({ initialDelaySeconds: 5, maxAttempts: 2, retryDelaySeconds: 600 }),
    /** Demo agents of the local contact centre (CDK creates no users). */
    agents: z.array(AgentDefSchema).min(1),
  })
  .superRefine((p, ctx) => {
    const issue = (message: string, path: (string | number)[]) =>
      ctx.addIssue({ code: 'custom', message, path });
    const queueKeys = new Set(p.queues.map((q) => q.key));
    const need = (key: string, path: (string | number)[]) => {
      if (!queueKeys.has(key)) issue(`unknown queue "${key}"`, path);
    };
    need(p.generalQueue, ['generalQueue']);
    need(p.vipQueue, ['vipQueue']);
    for (const [b, q] of Object.entries(p.branchQueues)) need(q, ['branchQueues', b]);
    p.queues.forEach((q, i) => {
      if (!p.hours[q.hours]) issue(`unknown hours "${q.hours}"`, ['queues', i, 'hours']);
    });
    p.routingProfiles.forEach((rp, i) => {
      rp.queues.forEach((rq, j) => {
        need(rq.queue, ['routingProfiles', i, 'queues', j, 'queue']);
      });
      need(rp.defaultOutboundQueue, ['routingProfiles', i, 'defaultOutboundQueue']);
    });

    if (!p.hours[p.hoursForEntry]) issue(`unknown hours "${p.hoursForEntry}"`, ['hoursForEntry']);

    const keys = new Set<string>();
    p.menu.forEach((option, i) => {
      if (keys.has(option.key)) issue(`menu key "${option.key}" is used twice`, ['menu', i, 'key']);
      keys.add(option.key);
      need(option.queue, ['menu', i, 'queue']);
      if (option.branchFirst && Object.keys(p.branchQueues).length === 0) {
        issue('branchFirst needs branchQueues', ['menu', i, 'branchFirst']);
      }
    });

    const agentIds = new Set<string>();
    const routingProfileKeys = new Set(p.routingProfiles.map((rp) => rp.key));
    p.agents.forEach((agent, i) => {
      if (agentIds.has(agent.id)) issue(`agent id "${agent.id}" is used twice`, ['agents', i, 'id']);
      agentIds.add(agent.id);
      if (!routingProfileKeys.has(agent.routingProfile)) {
        issue(`unknown routing profile "${agent.routingProfile}"`, ['agents', i, 'routingProfile']);
      }
    });

    for (const language of LANGUAGES) {
      const prompts = p.prompts[language];
      for (const placeholder of MENU_PLACEHOLDERS) {
        if (!prompts.menuOption.includes(placeholder)) {
          issue(`menuOption needs ${placeholder}`, ['prompts', language, 'menuOption']);
        }
      }
      if (p.authenticateByCard && prompts.cardNumber === undefined) {
        issue('authenticateByCard needs a cardNumber prompt', ['prompts', language, 'cardNumber']);
      }
      for (const [key, text] of Object.entries(prompts) as [PromptKey, string | undefined][]) {
        for (const ref of text?.match(PROMPT_REFERENCE) ?? []) {
          const problem = promptReferenceProblem(key, ref);
          if (problem) issue(problem, ['prompts', language, key]);
        }
      }
    }
  });
export type Profile = z.infer<typeof ProfileSchema>;
/** A profile as written (defaults not yet applied). */
export type ProfileInput = z.input<typeof ProfileSchema>;
