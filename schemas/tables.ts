/**
 * DynamoDB table definitions: the one description of each table's keys, read by the CDK
 * construct (infra/constructs/hotline-table.ts), by the local runtime that creates the
 * same tables in DynamoDB Local (infra/local/tables.ts) and by the repositories.
 */
export interface TableDefinition {
  /** Construct id in CDK and suffix of the local table name. */
  readonly id: string;
  readonly partitionKey: string;
  readonly sortKey?: string;
  readonly globalSecondaryIndexes?: readonly { indexName: string; partitionKey: string; sortKey?: string }[];
  /** Attribute holding an epoch-seconds expiry, if the table expires items. */
  readonly timeToLiveAttribute?: string;
  /** Environment variable that tells a Lambda (and the local runtime) the table's name. */
  readonly envVar: string;
  /** True when the table holds customer data: retained on stack deletion, point-in-time recovery. */
  readonly customerData: boolean;
}

/**
 * CRM: customers, the per-number lookup items (with the number's recent contacts as their own items, expired by
 * TTL), card-number claims. Access patterns are listed in README "DynamoDB access patterns".
 */
export const CRM_TABLE = {
  id: 'Crm',
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  envVar: 'CRM_TABLE_NAME',
  customerData: true,
} as const satisfies TableDefinition;

/**
 * Contacts: call records (from the CTR stream), transcripts, transcription jobs and survey results, one item
 * collection per contact (pk CONTACT#<id>); GSI byCaller (gsi1pk CALLER#<e164>, gsi1sk <initiatedAt>#<id>).
 */
export const CONTACTS_TABLE = {
  id: 'Contacts',
  partitionKey: 'pk',
  sortKey: 'sk',
  globalSecondaryIndexes: [{ indexName: 'byCaller', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }],
  envVar: 'CONTACTS_TABLE_NAME',
  customerData: true,
} as const satisfies TableDefinition;

/**
 * Tickets (F7): pk TICKET#<id> sk TICKET; day counters pk TICKETSEQ#<yyyymmdd>; idempotency claims
 * pk IDEMPOTENCY#CONTACT#<contactId>#<category>. Sparse GSIs: `due` (duepk OPEN, duesk <dueAt>#<id>, only while
 * open: overdue lists), `escalation` (escpk ESC, escsk <next escalation at>#<id>, only while an escalation is
 * pending: the scheduler), `customer` (custpk CUSTOMER#<id>, custsk <createdAt>#<id>), `day` (daypk DAY#<yyyymmdd>).
 */
export const TICKETS_TABLE = {
  id: 'Tickets',
  partitionKey: 'pk',
  sortKey: 'sk',
  globalSecondaryIndexes: [
    { indexName: 'due', partitionKey: 'duepk', sortKey: 'duesk' },
    { indexName: 'escalation', partitionKey: 'escpk', sortKey: 'escsk' },
    { indexName: 'customer', partitionKey: 'custpk', sortKey: 'custsk' },
    { indexName: 'day', partitionKey: 'daypk', sortKey: 'daysk' },
  ],
  envVar: 'TICKETS_TABLE_NAME',
  customerData: true,
} as const satisfies TableDefinition;

/**
 * SMS message centre (F11): message log pk MSG#<id> (GSI `byNumber`: bynumpk TO#<e164>, bynumsk <at>#<id>),
 * opt-outs pk OPTOUT#<e164>, rate counters pk RATE#<e164>#<hour> and dedupe claims pk DEDUPE#<key> (both expire).
 */
export const SMS_TABLE = {
  id: 'Sms',
  partitionKey: 'pk',
  sortKey: 'sk',
  globalSecondaryIndexes: [{ indexName: 'byNumber', partitionKey: 'bynumpk', sortKey: 'bynumsk' }],
  timeToLiveAttribute: 'expiresAt',
  envVar: 'SMS_TABLE_NAME',
  customerData: true,
} as const satisfies TableDefinition;

/**
 * Knowledge base (F13): the current version of each article pk ARTICLE#<id> sk CURRENT (GSI `current`: curpk
 * ARTICLE, cursk <id>, to load every current article without a scan), and each version pk ARTICLE#<id>
 * sk V#<000001>.
 */
export const KNOWLEDGE_TABLE = {
  id: 'Knowledge',
  partitionKey: 'pk',
  sortKey: 'sk',
  globalSecondaryIndexes: [{ indexName: 'current', partitionKey: 'curpk', sortKey: 'cursk' }],
  envVar: 'KNOWLEDGE_TABLE_NAME',
  customerData: true,
} as const satisfies TableDefinition;

/**
 * Audit log of every write through the HTTP API: pk DAY#<yyyy-mm-dd> (UTC), sk <at>#<id>; who (user, roles),
 * what (action, target), what changed (before/after of the changed fields). Append-only, retained.
 */
export const AUDIT_TABLE = {
  id: 'Audit',
  partitionKey: 'pk',
  sortKey: 'sk',
  envVar: 'AUDIT_TABLE_NAME',
  customerData: true,
} as const satisfies TableDefinition;

/**
 * Order centre (F20): products PRODUCT#<code>; supply SUPPLY#<period> / PRODUCT#<code> (remaining, decremented
 * under a condition); limits in one partition LIMITS / TIER#<tier>#PRODUCT#<code> | CUSTOMER#<id>#PRODUCT#<code>;
 * the catalogue version CATALOGUE / VERSION; the retailers' period totals TOTALS#<period> /
 * CUSTOMER#<id>#PRODUCT#<code>; orders ORDER#<id> / ORDER; idempotency claims IDEMPOTENCY#REQUEST#<id>. GSIs: `customer` (custpk CUSTOMER#<id>, custsk <createdAt>#<id>: a
 * retailer's orders, newest first) and `period` (periodpk PERIOD#<period>, periodsk <createdAt>#<id>).
 */
export const ORDERS_TABLE = {
  id: 'Orders',
  partitionKey: 'pk',
  sortKey: 'sk',
  globalSecondaryIndexes: [
    { indexName: 'customer', partitionKey: 'custpk', sortKey: 'custsk' },
    { indexName: 'period', partitionKey: 'periodpk', sortKey: 'periodsk' },
  ],
  envVar: 'ORDERS_TABLE_NAME',
  customerData: true,
} as const satisfies TableDefinition;

/**
 * Pickups (issue 12, carrier): pk PICKUP#<id> sk PICKUP; slot counters pk SLOT#<branch>#<yyyymmdd>#<slot>
 * (`booked`, conditional on the branch's capacity); day counters pk PICKUPSEQ#<yyyymmdd>; idempotency claims
 * pk IDEMPOTENCY#CONTACT#<contactId>#pickup. GSIs: `branch` (branchpk BRANCH#<branch>, branchsk
 * <slotStart>#<id>: a branch's pickups by slot), `escalation` (sparse: escpk ESC, escsk <slotEnd>#<id>, only
 * while open and not yet escalated: the overdue sweep queries it, never scans).
 */
export const PICKUPS_TABLE = {
  id: 'Pickups',
  partitionKey: 'pk',
  sortKey: 'sk',
  globalSecondaryIndexes: [
    { indexName: 'branch', partitionKey: 'branchpk', sortKey: 'branchsk' },
    { indexName: 'escalation', partitionKey: 'escpk', sortKey: 'escsk' },
  ],
  envVar: 'PICKUPS_TABLE_NAME',
  customerData: true,
} as const satisfies TableDefinition;

/**
 * Shipments (issue 12, carrier; F14): the latest status of a waybill pk SHIPMENT#<waybill> sk SHIPMENT (written
 * only by a newer event: replays and out-of-order events keep the newest), and its events pk SHIPMENT#<waybill>
 * sk EVENT#<at UTC>#<status> (a replay writes the same key). Read by the IVR with one GetItem.
 */
export const SHIPMENTS_TABLE = {
  id: 'Shipments',
  partitionKey: 'pk',
  sortKey: 'sk',
  envVar: 'SHIPMENTS_TABLE_NAME',
  customerData: true,
} as const satisfies TableDefinition;

/**
 * Repair bookings (issue 12, dealer): pk BOOKING#<id> sk BOOKING; slot counters pk SLOT#<workshop>#<yyyymmdd>#<slot>
 * (`booked`, conditional on the capacity); day counters pk BOOKINGSEQ#<yyyymmdd>; idempotency claims
 * pk IDEMPOTENCY#CONTACT#<contactId>#booking. GSIs: `customer` (custpk CUSTOMER#<id>, custsk <slotStart>#<id>: the
 * caller's bookings), `branch` (branchpk BRANCH#<workshop>, branchsk <slotStart>#<id>), `reminder` (sparse: rempk
 * REMIND, remsk <remindAt>#<id>, only while booked and not yet reminded: the reminder schedule queries it).
 */
export const BOOKINGS_TABLE = {
  id: 'Bookings',
  partitionKey: 'pk',
  sortKey: 'sk',
  globalSecondaryIndexes: [
    { indexName: 'customer', partitionKey: 'custpk', sortKey: 'custsk' },
    { indexName: 'branch', partitionKey: 'branchpk', sortKey: 'branchsk' },
    { indexName: 'reminder', partitionKey: 'rempk', sortKey: 'remsk' },
  ],
  envVar: 'BOOKINGS_TABLE_NAME',
  customerData: true,
} as const satisfies TableDefinition;

/**
 * Sales leads (issue 12, outsourcer): pk LEAD#<id> sk LEAD; day counters pk LEADSEQ#<yyyymmdd>; idempotency claims
 * pk IDEMPOTENCY#CONTACT#<contactId>#lead. GSI `status` (statuspk STATUS#<status>, statussk <createdAt>#<id>: the
 * leads of a status, oldest first: `new` is the dialling list).
 */
export const LEADS_TABLE = {
  id: 'Leads',
  partitionKey: 'pk',
  sortKey: 'sk',
  globalSecondaryIndexes: [{ indexName: 'status', partitionKey: 'statuspk', sortKey: 'statussk' }],
  envVar: 'LEADS_TABLE_NAME',
  customerData: true,
} as const satisfies TableDefinition;

/**
 * Supervision (F17, F18): wallboard breaches pk BREACH sk <breach key> (one item per open breach: claimed with a
 * condition, so each is notified once); QA evaluations pk EVAL#<contactId> sk EVAL, GSI `byAgent` (agentpk
 * AGENT#<agentId>, agentsk <evaluatedAt>#<contactId>: an agent's evaluations, newest last).
 */
export const SUPERVISION_TABLE = {
  id: 'Supervision',
  partitionKey: 'pk',
  sortKey: 'sk',
  globalSecondaryIndexes: [{ indexName: 'byAgent', partitionKey: 'agentpk', sortKey: 'agentsk' }],
  envVar: 'SUPERVISION_TABLE_NAME',
  customerData: true,
} as const satisfies TableDefinition;

/**
 * Outbound campaigns (issue 13): one item collection per campaign, pk CAMPAIGN#<name>: the definition
 * (sk CAMPAIGN), the dialling list (sk ENTRY#<entryId>), every attempt (sk ATTEMPT#<entryId>#<nn>, written once
 * under a condition: a replayed result changes nothing) and the campaign's own do-not-call list
 * (sk OPTOUT#<e164>). GSI `list` (listpk CAMPAIGNS, listsk <name>): every campaign without a scan.
 */
export const CAMPAIGNS_TABLE = {
  id: 'Campaigns',
  partitionKey: 'pk',
  sortKey: 'sk',
  globalSecondaryIndexes: [{ indexName: 'list', partitionKey: 'listpk', sortKey: 'listsk' }],
  envVar: 'CAMPAIGNS_TABLE_NAME',
  customerData: true,
} as const satisfies TableDefinition;

export const TABLES = [
  CRM_TABLE,
  CONTACTS_TABLE,
  TICKETS_TABLE,
  SMS_TABLE,
  KNOWLEDGE_TABLE,
  AUDIT_TABLE,
  ORDERS_TABLE,
  PICKUPS_TABLE,
  SUPERVISION_TABLE,
  CAMPAIGNS_TABLE,
  SHIPMENTS_TABLE,
  BOOKINGS_TABLE,
  LEADS_TABLE,
] as const satisfies readonly TableDefinition[];

/** Table name used by the local runtime (DynamoDB Local); tests pass their own prefix. */
export const localTableName = (def: TableDefinition, prefix = 'hotline'): string =>
  `${prefix}-${def.id.toLowerCase()}`;
