import { z } from 'zod';
import { E164Schema, IsoTimeSchema, LanguageSchema } from './crm.js';

/** SMS message centre (F11): templates, settings per profile, the message log, opt-outs, the local outbox. */

export const SMS_TEMPLATES = [
  'ticketConfirmation',
  'deliveryException',
  'settlementNotice',
  'promotion',
  'holidayGreeting',
  'orderConfirmation',
  'pickupConfirmation',
  'bookingConfirmation',
  'bookingReminder',
  'bookingCancelled',
] as const;
export const SmsTemplateKeySchema = z.enum(SMS_TEMPLATES);
export type SmsTemplateKey = z.infer<typeof SmsTemplateKeySchema>;

/** Variables each template must be given (and may use as `{name}`). */
export const TEMPLATE_VARIABLES: Readonly<Record<SmsTemplateKey, readonly string[]>> = {
  ticketConfirmation: ['ticketId', 'category', 'dueAt'],
  deliveryException: ['trackingNumber', 'reason'],
  settlementNotice: ['period', 'amount'],
  promotion: ['offer'],
  holidayGreeting: ['holiday'],
  orderConfirmation: ['orderId', 'lines', 'total'],
  pickupConfirmation: ['pickupId', 'slot', 'address'],
  bookingConfirmation: ['bookingId', 'slot', 'vehicle', 'workshop'],
  bookingReminder: ['bookingId', 'slot', 'vehicle', 'workshop'],
  bookingCancelled: ['bookingId', 'slot'],
};

/** Marketing messages wait out quiet hours and honour opt-outs; service messages honour opt-outs only. */
export const MARKETING_TEMPLATES: readonly SmsTemplateKey[] = ['promotion', 'holidayGreeting'];

const HhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const TemplateText = z.string().trim().min(1).max(600);

export const SmsSettingsSchema = z
  .object({
    /** Sender name shown where the carrier supports it. */
    senderId: z
      .string()
      .regex(/^[A-Za-z0-9]{1,11}$/)
      .optional(),
    templates: z.record(SmsTemplateKeySchema, z.object({ 'zh-CN': TemplateText, 'en-US': TemplateText })),
    /** Marketing messages are not sent between start and end (local time; may span midnight). */
    quietHours: z.object({ start: HhMm, end: HhMm }),
    timeZone: z.string().min(1).default('Asia/Shanghai'),
    /** Most messages to one number per hour (every template). */
    ratePerNumberPerHour: z.number().int().min(1).max(100).default(5),
  })
  .superRefine((s, ctx) => {
    for (const key of SMS_TEMPLATES) {
      for (const language of ['zh-CN', 'en-US'] as const) {
        const text = s.templates[key][language];
        for (const m of text.matchAll(/\{([A-Za-z]+)\}/g)) {
          if (!TEMPLATE_VARIABLES[key].includes(m[1] ?? ''))
            ctx.addIssue({
              code: 'custom',
              message: `unknown variable {${m[1]}}; ${key} has ${TEMPLATE_VARIABLES[key].join(', ')}`,
              path: ['templates', key, language],
            });
        }
      }
    }
  });
export type SmsSettings = z.infer<typeof SmsSettingsSchema>;
export type SmsSettingsInput = z.input<typeof SmsSettingsSchema>;

export const SMS_STATUSES = ['sent', 'failed', 'opted_out', 'rate_limited', 'deferred'] as const;
export const SmsStatusSchema = z.enum(SMS_STATUSES);
export type SmsStatus = z.infer<typeof SmsStatusSchema>;

/** What a send asks for. */
export const SendSmsInputSchema = z.object({
  /** The number as written (normalized with the profile's region). */
  to: z.string().min(1).max(32),
  template: SmsTemplateKeySchema,
  language: LanguageSchema.default('zh-CN'),
  variables: z.record(z.string(), z.string().max(200)).default({}),
  /** Who asked: `ticket:<id>`, `cli`, an agent id. */
  requestedBy: z.string().min(1).max(64),
  /** Dedupe key: a second send with the same key is not sent again. */
  dedupeKey: z.string().min(1).max(200).optional(),
});
export type SendSmsInput = z.input<typeof SendSmsInputSchema>;

/** One entry of the message log (SMS table: pk MSG#<id>, sk MSG; `bynumpk` index by number). */
export const SmsLogItemSchema = z.object({
  pk: z.string(),
  sk: z.literal('MSG'),
  entity: z.literal('sms'),
  messageId: z.string(),
  to: E164Schema,
  template: SmsTemplateKeySchema,
  language: LanguageSchema,
  body: z.string(),
  status: SmsStatusSchema,
  /** The gateway's id (SNS MessageId, or the outbox's). */
  providerMessageId: z.string().optional(),
  error: z.string().optional(),
  requestedBy: z.string(),
  at: IsoTimeSchema,
  bynumpk: z.string(),
  bynumsk: z.string(),
});
export type SmsLogItem = z.infer<typeof SmsLogItemSchema>;

/** An opt-out: pk OPTOUT#<e164>, sk OPTOUT. */
export const OptOutItemSchema = z.object({
  pk: z.string(),
  sk: z.literal('OPTOUT'),
  entity: z.literal('optout'),
  phone: E164Schema,
  at: IsoTimeSchema,
  via: z.enum(['reply', 'operator']),
  by: z.string().optional(),
});
export type OptOutItem = z.infer<typeof OptOutItemSchema>;

/** One line of the local outbox ($HOTLINE_HOME/sms-outbox.jsonl): what the SMS gateway would have sent. */
export const OutboxLineSchema = z.object({
  messageId: z.string(),
  to: E164Schema,
  body: z.string(),
  senderId: z.string().optional(),
  at: IsoTimeSchema,
});
export type OutboxLine = z.infer<typeof OutboxLineSchema>;
