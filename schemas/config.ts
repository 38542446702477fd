import { z } from 'zod';
import { PROFILE_IDS } from './profile.js';

/** Log retention values CloudWatch accepts (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/** `cdk -c key=value` gives strings; `cdk.json` may give numbers. Accept both for numbers. */
const intFromContext = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
    z.number().int().min(min).max(max),
  );

export const INSTANCE_ARN_PATTERN = /^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/[0-9a-f-]{36}$/;

/**
 * Deployment configuration, read from CDK context (`-c key=value` or cdk.json "context").
 * Every key is documented in README "Deploy".
 */
export const ConfigSchema = z
  .object({
    /** Create a new Amazon Connect instance with this alias. */
    instanceAlias: z
      .string()
      .regex(
        /^(?!d-)[A-Za-z0-9](?:[A-Za-z0-9-]{0,60}[A-Za-z0-9])?$/,
        'letters, digits and "-", 1 to 62 characters, not starting with "d-"',
      )
      .optional(),
    /** Use an existing Amazon Connect instance instead of creating one. */
    instanceArn: z
      .string()
      .regex(
        INSTANCE_ARN_PATTERN,
        'an instance ARN such as arn:aws:connect:ap-southeast-1:123456789012:instance/<uuid>',
      )
      .optional(),
    profile: z.enum(PROFILE_IDS).default('auto-dealer'),
    timeZone: z
      .string()
      .refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai')
      .default('Asia/Shanghai'),
    /** Region for numbers without a country code; defaults to the profile's. */
    phoneRegion: z
      .string()
      .regex(/^[A-Z]{2}$/, 'an ISO 3166 alpha-2 code such as CN')
      .optional(),
    /** Prefix of stack names, so several deployments can share an account. */
    stackPrefix: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9]{0,31}$/, 'letters and digits, starting with a letter')
      .default('Hotline'),
    logRetentionDays: z
      .preprocess(
        (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
        z.number().refine((n) => (LOG_RETENTION_DAYS as readonly number[]).includes(n), {
          message: `one of ${LOG_RETENTION_DAYS.join(', ')}`,
        }),
      )
      .default(365),
    /** Total time the caller lookup may spend on DynamoDB before answering `degraded`. */
    lookupBudgetMs: intFromContext(200, 5000).default(1500),
    /** Athena (analytics workgroup): a query that would scan more than this many GB is cancelled. */
    athenaBytesScannedLimitGb: intFromContext(1, 10240).default(10),
    /** Claim a phone number for the hotline and attach the inbound flow: `CC:TYPE[:+PREFIX]`, e.g. `US:DID:+1206`. */
    phoneNumberClaim: z
      .string()
      .regex(
        /^[A-Z]{2}:(TOLL_FREE|DID|UIFN|SHARED|THIRD_PARTY_DID|THIRD_PARTY_TF|SHORT_CODE)(:\+\d{1,15})?$/,
        'COUNTRY:TYPE[:+PREFIX] such as US:DID:+1206 or GB:TOLL_FREE (TYPE: TOLL_FREE, DID, UIFN, SHARED, THIRD_PARTY_DID, THIRD_PARTY_TF, SHORT_CODE)',
      )
      .optional(),
    /** Or attach the inbound flow to a number already claimed for the instance. */
    phoneNumberArn: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:phone-number\/[0-9a-f-]{36}$/,
        'a phone number ARN such as arn:aws:connect:us-east-1:123456789012:phone-number/<uuid>',
      )
      .optional(),
    /** `create`: a Connect user per profile agent (CONNECT_MANAGED instances); `none`: manage users yourself. */
    agentUsers: z.enum(['none', 'create']).default('none'),
    /** Existing Connect user IDs for the profile's agents: `agent-wang=<uuid>,agent-liu=<uuid>` (or an object). */
    agentUserIds: z
      .preprocess(
        (v) =>
          typeof v === 'string'
            ? Object.fromEntries(
                v
                  .split(',')
                  .filter((p) => p.trim())
                  .map((p) => p.split('=').map((x) => x.trim())),
              )
            : v,
        z.record(z.string().min(1), z.string().regex(/^[0-9a-f-]{36}$/, 'a Connect user ID (a UUID)')),
      )
      .optional(),
    /** Deploy the profile's scenarios as Amazon Connect test cases (Testing & Simulation). */
    connectTestCases: z
      .preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean())
      .default(false),
  })
  .superRefine((c, ctx) => {
    if (c.phoneNumberClaim && c.phoneNumberArn) {
      ctx.addIssue({
        code: 'custom',
        path: ['phoneNumberArn'],
        message: 'give either phoneNumberClaim or phoneNumberArn, not both',
      });
    }
    if (c.instanceAlias && c.instanceArn) {
      ctx.addIssue({
        code: 'custom',
        path: ['instanceArn'],
        message: 'give either instanceAlias or instanceArn, not both',
      });
    }
  });
export type Config = z.infer<typeof ConfigSchema>;
export const CONFIG_KEYS = [
  'instanceAlias',
  'instanceArn',
  'profile',
  'timeZone',
  'phoneRegion',
  'stackPrefix',
  'logRetentionDays',
  'lookupBudgetMs',
  'athenaBytesScannedLimitGb',
  'phoneNumberClaim',
  'phoneNumberArn',
  'agentUsers',
  'agentUserIds',
  'connectTestCases',
] as const;
