/** Sort-key prefix of a number's recent-contact items (below `PHONE`). */
export const RECENT_CONTACT_PREFIX = 'CONTACT#';

/** Key builders for the CRM table (one place; see README "DynamoDB access patterns"). */
export const crmKeys = {
  customer: (customerId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: 'PROFILE' as const }),
  phone: (e164: string) => ({ pk: `PHONE#${e164}`, sk: 'PHONE' as const }),
  /**
   * One past contact of a number, in the number's partition: `CONTACT#…` sorts below `PHONE`, so one Query of
   * `sk <= PHONE`, newest first, reads the lookup item and then the newest contacts.
   */
  recentContact: (e164: string, at: string, contactId: string, version: string) => ({
    pk: `PHONE#${e164}`,
    // The contact's version last, so the versions of one contact sit together, the newest first when read
    // newest first (see contactKeys.recordVersion).
    sk: `${RECENT_CONTACT_PREFIX}${at}#${contactId}#${version}`,
  }),
  card: (cardNumber: string) => ({ pk: `CARD#${cardNumber.toUpperCase()}`, sk: 'CARD' as const }),
};

/** Sort-key prefix of a contact's call-record items (its versions and the forgotten stub). */
export const RECORD_PREFIX = 'RECORD';
/** `~` sorts after the digits of any timestamp: the stub is the greatest record sk of its contact. */
export const RECORD_FORGOTTEN_SK = `${RECORD_PREFIX}#~forgotten`;

/** Key builders for the Contacts table (one item collection per contact; GSI byCaller for a number's calls). */
export const contactKeys = {
  /**
   * One version of a contact's call record, written once and never changed: sk `RECORD#<lastUpdateTimestamp>#<hash>`
   * (see recordVersionOf). Readers take the greatest sk that starts with `RECORD`: the newest version, or the
   * forgotten stub, which sorts after every version. (`RECORD` alone, the layout before versions, sorts first.)
   */
  recordVersion: (contactId: string, version: string) => ({
    pk: `CONTACT#${contactId}`,
    sk: `${RECORD_PREFIX}#${version}`,
  }),
  /**
   * The erasure horizon: contacts that began after it cannot have been forgotten, so ingestion looks for forgotten
   * stubs only among the contacts of a batch that began at or before it (see personal-data-store.ts).
   */
  erasureHorizon: { pk: 'ERASURE', sk: 'HORIZON' } as const,
  /** The anonymised record of a forgotten contact: it outranks every version, and ingestion checks for it. */
  recordForgotten: (contactId: string) => ({ pk: `CONTACT#${contactId}`, sk: RECORD_FORGOTTEN_SK }),
  transcript: (contactId: string) => ({ pk: `CONTACT#${contactId}`, sk: 'TRANSCRIPT' as const }),
  transcription: (contactId: string) => ({ pk: `CONTACT#${contactId}`, sk: 'TRANSCRIPTION' as const }),
  survey: (contactId: string) => ({ pk: `CONTACT#${contactId}`, sk: 'SURVEY' as const }),
  collection: (contactId: string) => `CONTACT#${contactId}`,
  /** GSI byCaller partition: the caller's E.164 number, or `withheld`. */
  caller: (e164: string | undefined) => `CALLER#${e164 ?? 'withheld'}`,
  callerSort: (initiatedAt: string, contactId: string) => `${initiatedAt}#${contactId}`,
};
