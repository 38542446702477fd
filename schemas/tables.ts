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
 * CRM: customers, the per-number lookup items, card-number claims.
 * Access patterns are listed in README "DynamoDB access patterns".
 */
export const CRM_TABLE = {
  id: 'Crm',
  partitionKey: 'pk',
  sortKey: 'sk',
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

export const TABLES = [
  CRM_TABLE,
  CONTACTS_TABLE,
  TICKETS_TABLE,
  SMS_TABLE,
  SUPERVISION_TABLE,
] as const satisfies readonly TableDefinition[];

/** Table name used by the local runtime (DynamoDB Local); tests pass their own prefix. */
export const localTableName = (def: TableDefinition, prefix = 'hotline'): string =>
  `${prefix}-${def.id.toLowerCase()}`;
