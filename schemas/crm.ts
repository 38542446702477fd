import { z } from 'zod';

/** Customer tiers. `vip` (green channel) is a separate flag so any tier can be a VIP. */
export const TIERS = ['standard', 'silver', 'gold', 'platinum'] as const;
export const TierSchema = z.enum(TIERS);
export type Tier = z.infer<typeof TierSchema>;

export const LANGUAGES = ['zh-CN', 'en-US'] as const;
export const LanguageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof LanguageSchema>;

/** Why a number is blocked: a code, never free text, so it can travel to the flow and logs. */
export const BLOCK_REASONS = ['harassment', 'fraud', 'abuse', 'spam', 'legal', 'other'] as const;
export const BlockReasonSchema = z.enum(BLOCK_REASONS);
export type BlockReason = z.infer<typeof BlockReasonSchema>;

const IdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'letters, digits, "-" or "_", at most 64 characters');
export const CustomerIdSchema = IdSchema;
export const AgentIdSchema = IdSchema;

/** E.164: "+" then 8 to 15 digits. Produced by the phone domain, never typed by hand. */
export const E164Schema = z.string().regex(/^\+[1-9]\d{7,14}$/, 'an E.164 number such as +8613800138000');
export const IsoTimeSchema = z.iso.datetime({ offset: true });

/**
 * A dealer customer's vehicle (issue 12 item 5; seed 003's screen pop): the plate as registered (沪A12345,
 * 粤B·D12345), the model, the purchase date.
 */
export const VehicleSchema = z.object({
  plate: z
    .string()
    .trim()
    .min(2)
    .max(12)
    .regex(/^[\p{L}\p{N}·-]+$/u, 'letters and digits (a plate such as 沪A12345)'),
  model: z.string().trim().min(1).max(60),
  purchaseDate: z.iso.date('a date such as 2024-05-01'),
});
export type Vehicle = z.infer<typeof VehicleSchema>;
export const MAX_VEHICLES = 10;

/** A customer as the domain sees it (phones already normalized to E.164). */
export const CustomerSchema = z.object({
  customerId: CustomerIdSchema,
  name: z.string().trim().min(1).max(100),
  phones: z.array(E164Schema).min(1).max(10),
  tier: TierSchema,
  vip: z.boolean(),
  branch: z.string().trim().max(64).optional(),
  language: LanguageSchema,
  cardNumber: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z-]{4,32}$/, '4 to 32 letters, digits or "-"')
    .optional(),
  dedicatedAgentId: AgentIdSchema.optional(),
  /** Carrier (logistics): where couriers collect the customer's parcels (pickup booking, issue 12). */
  pickupAddress: z.string().trim().min(1).max(200).optional(),
  /** Dealer (auto-dealer): the customer's vehicles. */
  vehicles: z.array(VehicleSchema).min(1).max(MAX_VEHICLES).optional(),
  /** Outsourcer (outsourced-crm): the client company the customer belongs to, and the brand they called about. */
  client: z.string().trim().min(1).max(100).optional(),
  brand: z.string().trim().min(1).max(100).optional(),
});
export type Customer = z.infer<typeof CustomerSchema>;

export const BlockEntrySchema = z.object({
  reason: BlockReasonSchema,
  blockedBy: z.string().min(1).max(64),
  blockedAt: IsoTimeSchema,
  until: IsoTimeSchema.optional(),
});
export type BlockEntry = z.infer<typeof BlockEntrySchema>;

/** One past contact as kept for the screen pop (written by contact-record ingestion). */
export const RecentContactSchema = z.object({
  contactId: z.string().min(1),
  at: IsoTimeSchema,
  channel: z.string().optional(),
  queue: z.string().optional(),
  agentId: z.string().optional(),
});
export type RecentContact = z.infer<typeof RecentContactSchema>;
export const RECENT_CONTACTS_KEPT = 10;
/** A recent-contact item expires (DynamoDB TTL) this many days after the contact: the screen pop's window. */
export const RECENT_CONTACT_TTL_DAYS = 400;

// ---- table items (CRM table; key layout in functions/adapters/dynamodb/keys.ts) ----

/** The customer's master record: pk CUSTOMER#<id>, sk PROFILE. */
export const CustomerItemSchema = CustomerSchema.extend({
  pk: z.string(),
  sk: z.literal('PROFILE'),
  entity: z.literal('customer'),
  gsi1pk: z.string().optional(),
  gsi1sk: z.string().optional(),
  createdAt: IsoTimeSchema,
  updatedAt: IsoTimeSchema,
});
export type CustomerItem = z.infer<typeof CustomerItemSchema>;

/**
 * Everything the in-call lookup needs for one number, in one item: pk PHONE#<e164>, sk PHONE.
 * The customer fields are a copy of the master record, written in the same transaction;
 * `block`, `recentContacts` and `openTickets` are owned by their own writers, which update
 * only their attributes, so none overwrites another.
 */
export const PhoneItemSchema = z.object({
  pk: z.string(),
  sk: z.literal('PHONE'),
  entity: z.literal('phone'),
  phone: E164Schema,
  customerId: CustomerIdSchema.optional(),
  name: z.string().optional(),
  tier: TierSchema.optional(),
  vip: z.boolean().optional(),
  branch: z.string().optional(),
  language: LanguageSchema.optional(),
  dedicatedAgentId: z.string().optional(),
  /** Industry fields, copied for the whisper (issue 12 item 5). */
  pickupAddress: z.string().optional(),
  vehicles: z.array(VehicleSchema).max(MAX_VEHICLES).optional(),
  client: z.string().optional(),
  brand: z.string().optional(),
  block: BlockEntrySchema.optional(),
  recentContacts: z.array(RecentContactSchema).max(RECENT_CONTACTS_KEPT).optional(),
  openTickets: z.number().int().nonnegative().optional(),
  updatedAt: IsoTimeSchema.optional(),
});
export type PhoneItem = z.infer<typeof PhoneItemSchema>;

/**
 * One past contact of a number, as its own item under the number's partition: pk PHONE#<e164>,
 * sk CONTACT#<initiatedAt>#<contactId>. Written by contact-record ingestion, replaced only by a newer version of
 * the same contact (`lastUpdateTimestamp`), expired by TTL (`expiresAt`, epoch seconds).
 */
export const RecentContactItemSchema = RecentContactSchema.extend({
  pk: z.string().startsWith('PHONE#'),
  sk: z.string().startsWith('CONTACT#'),
  entity: z.literal('recent'),
  phone: E164Schema,
  customerId: CustomerIdSchema.optional(),
  lastUpdateTimestamp: IsoTimeSchema,
  expiresAt: z.number().int().positive(),
  updatedAt: IsoTimeSchema,
});
export type RecentContactItem = z.infer<typeof RecentContactItemSchema>;

// ---- import rows (an operator's customer file: CSV columns or JSON-lines fields) ----

/** The fields of an import row, in the order of a CSV header. */
export const CUSTOMER_ROW_FIELDS = [
  'customerId',
  'name',
  'phones',
  'tier',
  'vip',
  'branch',
  'language',
  'cardNumber',
  'dedicatedAgentId',
  'pickupAddress',
  'vehicles',
  'client',
  'brand',
] as const;
export type CustomerRowField = (typeof CUSTOMER_ROW_FIELDS)[number];
/** Fields every row must have (a CSV header without them is refused as a whole). */
export const REQUIRED_CUSTOMER_ROW_FIELDS = [
  'customerId',
  'name',
  'phones',
] as const satisfies readonly CustomerRowField[];

/** Separators between several numbers in one CSV cell (full-width `；` as Chinese spreadsheets write it). */
export const PHONE_SEPARATORS = /[;|；]/;

/** An empty cell (or JSON null) is an absent value; JSON numbers are read as their digits. */
const cell = (v: unknown): unknown => {
  if (v === null || (typeof v === 'string' && v.trim() === '')) return undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return v;
};
const lowerCell = (v: unknown): unknown => {
  const c = cell(v);
  return typeof c === 'string' ? c.trim().toLowerCase() : c;
};
const text = () => z.string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be text') });
const optionalText = () => z.string({ error: 'must be text' }).optional();

/** Separates a vehicle's parts in a CSV cell: `plate|model|purchase date`. */
export const VEHICLE_PART_SEPARATOR = '|';
/** Separates vehicles in a CSV cell (`;`, or the full-width `；`). */
export const VEHICLE_SEPARATORS = /[;；]/;

/**
 * Vehicles as written: a CSV cell `沪A12345|Model Y|2024-05-01;沪B54321|凯美瑞|2021-03-15`, or (JSON lines) a list of
 * `{plate, model, purchaseDate}` objects or of such strings. A part that is missing is left out, so the schema
 * names it.
 */
function vehiclesCell(v: unknown): unknown {
  const c = cell(v);
  const one = (x: unknown): unknown => {
    if (typeof x !== 'string') return x;
    const [plate, model, purchaseDate] = x.split(VEHICLE_PART_SEPARATOR).map((p) => p.trim());
    return Object.fromEntries(
      Object.entries({ plate, model, purchaseDate }).filter(([, p]) => p !== undefined && p !== ''),
    );
  };
  if (typeof c === 'string')
    return c
      .split(VEHICLE_SEPARATORS)
      .map((p) => p.trim())
      .filter((p) => p !== '')
      .map(one);
  return Array.isArray(c) ? c.map(one) : c;
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', '是']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', '否']);

/**
 * One row of an import file as the operator wrote it: text cells (CSV) or JSON values,
 * blanks meaning "not given". Phones stay as written (a list, or one cell separated by `;`
 * or `|`); functions/core/customer-row.ts normalizes them with the region and checks the
 * result against CustomerSchema.
 */
export const CustomerRowSchema = z.object({
  customerId: z.preprocess(cell, text().pipe(CustomerIdSchema)),
  name: z.preprocess(cell, text().pipe(CustomerSchema.shape.name)),
  phones: z.preprocess(
    (v) => {
      const c = cell(v);
      if (typeof c === 'string')
        return c
          .split(PHONE_SEPARATORS)
          .map((p) => p.trim())
          .filter((p) => p !== '');
      return Array.isArray(c) ? c.map(cell).filter((p) => p !== undefined) : c;
    },
    z
      .array(z.string({ error: 'each number must be text' }), {
        error: (iss) => (iss.input === undefined ? 'is required' : 'must be a list of numbers'),
      })
      .min(1, 'at least one number is required')
      .max(10, 'at most 10 numbers'),
  ),
  tier: z.preprocess(
    lowerCell,
    z
      .enum(TIERS, {
        error: (iss) => `must be one of ${TIERS.join(', ')} (got ${JSON.stringify(iss.input)})`,
      })
      .default('standard'),
  ),
  vip: z.preprocess(
    (v) => {
      const c = lowerCell(v);
      if (c === 1 || c === 0) return c === 1;
      if (typeof c === 'string' && TRUE_WORDS.has(c)) return true;
      if (typeof c === 'string' && FALSE_WORDS.has(c)) return false;
      return c;
    },
    z
      .boolean({ error: (iss) => `must be true/false, yes/no or 1/0 (got ${JSON.stringify(iss.input)})` })
      .default(false),
  ),
  branch: z.preprocess(cell, optionalText().pipe(CustomerSchema.shape.branch)),
  language: z.preprocess(
    (v) => {
      const c = lowerCell(v);
      return typeof c === 'string'
        ? (LANGUAGES.find((l) => l.toLowerCase() === c.replace('_', '-')) ?? c)
        : c;
    },
    z
      .enum(LANGUAGES, {
        error: (iss) => `must be one of ${LANGUAGES.join(', ')} (got ${JSON.stringify(iss.input)})`,
      })
      .default('zh-CN'),
  ),
  cardNumber: z.preprocess(cell, optionalText().pipe(CustomerSchema.shape.cardNumber)),
  dedicatedAgentId: z.preprocess(cell, optionalText().pipe(AgentIdSchema.optional())),
  pickupAddress: z.preprocess(cell, optionalText().pipe(CustomerSchema.shape.pickupAddress)),
  vehicles: z.preprocess(vehiclesCell, CustomerSchema.shape.vehicles),
  client: z.preprocess(cell, optionalText().pipe(CustomerSchema.shape.client)),
  brand: z.preprocess(cell, optionalText().pipe(CustomerSchema.shape.brand)),
});
/** A row that passed CustomerRowSchema: phones still as written. */
export type CustomerRow = z.infer<typeof CustomerRowSchema>;
