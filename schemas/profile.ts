import { z } from 'zod';

export const PROFILE_IDS = ['auto-dealer', 'logistics', 'distribution', 'outsourced-crm'] as const;
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
  queues: z.array(z.object({ queue: QueueKey, priority: z.number().int().min(1).max(99), delay: z.number().int().min(0) })).min(1),
  defaultOutboundQueue: QueueKey,
});
export type RoutingProfileDef = z.infer<typeof RoutingProfileDefSchema>;

/**
 * An industry profile: what an operator chooses with `-c profile=NAME`. The contact-centre
 * resources (hours, queues, routing profiles) are read from here by CDK and by the local
 * contact centre alike. Menus, prompts and templates join this definition in later slices.
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
  })
  .superRefine((p, ctx) => {
    const queueKeys = new Set(p.queues.map((q) => q.key));
    const need = (key: string, path: (string | number)[]) => {
      if (!queueKeys.has(key)) ctx.addIssue({ code: 'custom', message: `unknown queue "${key}"`, path });
    };
    need(p.generalQueue, ['generalQueue']);
    need(p.vipQueue, ['vipQueue']);
    for (const [b, q] of Object.entries(p.branchQueues)) need(q, ['branchQueues', b]);
    p.queues.forEach((q, i) => {
      if (!p.hours[q.hours]) ctx.addIssue({ code: 'custom', message: `unknown hours "${q.hours}"`, path: ['queues', i, 'hours'] });
    });
    p.routingProfiles.forEach((rp, i) => {
      rp.queues.forEach((rq, j) => need(rq.queue, ['routingProfiles', i, 'queues', j, 'queue']));
      need(rp.defaultOutboundQueue, ['routingProfiles', i, 'defaultOutboundQueue']);
    });
  });
export type Profile = z.infer<typeof ProfileSchema>;
