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
  recentContact: (e164: string, at: string, contactId: string) => ({
    pk: `PHONE#${e164}`,
    sk: `${RECENT_CONTACT_PREFIX}${at}#${contactId}`,
  }),
  card: (cardNumber: string) => ({ pk: `CARD#${cardNumber.toUpperCase()}`, sk: 'CARD' as const }),
};

/** Key builders for the Contacts table (one item collection per contact; GSI byCaller for a number's calls). */
export const contactKeys = {
  record: (contactId: string) => ({ pk: `CONTACT#${contactId}`, sk: 'RECORD' as const }),
  transcript: (contactId: string) => ({ pk: `CONTACT#${contactId}`, sk: 'TRANSCRIPT' as const }),
  transcription: (contactId: string) => ({ pk: `CONTACT#${contactId}`, sk: 'TRANSCRIPTION' as const }),
  survey: (contactId: string) => ({ pk: `CONTACT#${contactId}`, sk: 'SURVEY' as const }),
  collection: (contactId: string) => `CONTACT#${contactId}`,
  /** GSI byCaller partition: the caller's E.164 number, or `withheld`. */
  caller: (e164: string | undefined) => `CALLER#${e164 ?? 'withheld'}`,
  callerSort: (initiatedAt: string, contactId: string) => `${initiatedAt}#${contactId}`,
};
