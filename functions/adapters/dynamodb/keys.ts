/** Key builders for the CRM table (one place; see README "DynamoDB access patterns"). */
export const crmKeys = {
  customer: (customerId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: 'PROFILE' as const }),
  phone: (e164: string) => ({ pk: `PHONE#${e164}`, sk: 'PHONE' as const }),
  card: (cardNumber: string) => ({ pk: `CARD#${cardNumber.toUpperCase()}`, sk: 'CARD' as const }),
};
