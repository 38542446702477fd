import {
  type BlockEntry,
  BlockEntrySchema,
  type Customer,
  type CustomerItem,
  CustomerSchema,
  type PhoneItem,
} from '../../../schemas/crm.js';
import { CrmConflictError, type CrmRepository, type SaveOutcome } from '../../ports/crm-repository.js';
import { checkedItem } from '../dynamodb/checked-item.js';
import { crmKeys } from '../dynamodb/keys.js';

const COPIED = [
  'customerId',
  'name',
  'tier',
  'vip',
  'branch',
  'language',
  'dedicatedAgentId',
  // Industry fields (issue 12 item 5), for the whisper.
  'pickupAddress',
  'vehicles',
  'client',
  'brand',
] as const;

/**
 * The CRM in memory, with the DynamoDB adapter's rules (a number or card belongs to one customer,
 * optimistic lock on `updatedAt`). For benchmarks and fast runs where I/O is not the point; the
 * DynamoDB adapter is what runs in AWS and is tested on DynamoDB Local.
 */
export class InMemoryCrmRepository implements CrmRepository {
  readonly customers = new Map<string, CustomerItem>();
  readonly phones = new Map<string, PhoneItem>();
  readonly cards = new Map<string, string>();

  async getPhone(e164: string): Promise<PhoneItem | undefined> {
    const item = this.phones.get(e164);
    return item ? structuredClone(item) : undefined;
  }

  async getCustomer(customerId: string): Promise<CustomerItem | undefined> {
    const item = this.customers.get(customerId);
    return item ? structuredClone(item) : undefined;
  }

  async getCustomers(customerIds: readonly string[]): Promise<Map<string, CustomerItem>> {
    const found = new Map<string, CustomerItem>();
    for (const id of customerIds) {
      const item = this.customers.get(id);
      if (item) found.set(id, structuredClone(item));
    }
    return found;
  }

  async findCustomerIdByCard(cardNumber: string): Promise<string | undefined> {
    return this.cards.get(cardNumber.toUpperCase());
  }

  async saveCustomers(
    entries: readonly { customer: Customer; previous: CustomerItem | undefined }[],
    now: Date,
  ): Promise<SaveOutcome[]> {
    const outcomes: SaveOutcome[] = [];
    for (const { customer, previous } of entries) {
      try {
        outcomes.push(await this.saveCustomer(customer, previous, now));
      } catch (err) {
        if (!(err instanceof CrmConflictError)) throw err;
        outcomes.push(err);
      }
    }
    return outcomes;
  }

  async saveCustomer(customer: Customer, previous: CustomerItem | undefined, now: Date) {
    checkedItem(CustomerSchema, customer, `customer ${customer.customerId}`);
    const stored = this.customers.get(customer.customerId);
    if (previous ? stored?.updatedAt !== previous.updatedAt : stored !== undefined) {
      throw new CrmConflictError(
        `customer ${customer.customerId} was changed by someone else meanwhile; try again`,
      );
    }
    const problems: string[] = [];
    for (const phone of customer.phones) {
      const owner = this.phones.get(phone)?.customerId;
      if (owner !== undefined && owner !== customer.customerId)
        problems.push(`number ${phone} belongs to another customer`);
    }
    const card = customer.cardNumber?.toUpperCase();
    const cardOwner = card ? this.cards.get(card) : undefined;
    if (card && cardOwner !== undefined && cardOwner !== customer.customerId) {
      problems.push(`card number ${card} belongs to another customer`);
    }
    if (problems.length) throw new CrmConflictError(problems.join('; '));
    const at = now.toISOString();
    this.customers.set(customer.customerId, {
      ...crmKeys.customer(customer.customerId),
      entity: 'customer',
      ...structuredClone(customer),
      createdAt: previous?.createdAt ?? at,
      updatedAt: at,
    });
    for (const phone of customer.phones) {
      const item: PhoneItem = { ...(this.phones.get(phone) ?? this.emptyPhone(phone)), updatedAt: at };
      for (const field of COPIED) {
        const value = customer[field];
        if (value === undefined) delete item[field];
        else Object.assign(item, { [field]: value });
      }
      this.phones.set(phone, item);
    }
    for (const phone of previous?.phones ?? []) {
      if (customer.phones.includes(phone)) continue;
      const item = this.phones.get(phone);
      if (!item) continue;
      for (const field of COPIED) delete item[field];
      delete item.recentContacts;
      delete item.openTickets;
    }
    const oldCard = previous?.cardNumber?.toUpperCase();
    if (oldCard && oldCard !== card) this.cards.delete(oldCard);
    if (card) this.cards.set(card, customer.customerId);
    return previous ? ('updated' as const) : ('created' as const);
  }

  async setBlock(e164: string, block: BlockEntry | undefined): Promise<void> {
    if (block) checkedItem(BlockEntrySchema, block, `the block of ${e164}`);
    const item = this.phones.get(e164);
    if (!block) {
      if (item) delete item.block;
      return;
    }
    this.phones.set(e164, { ...(item ?? this.emptyPhone(e164)), block, updatedAt: block.blockedAt });
  }

  private emptyPhone(e164: string): PhoneItem {
    return { ...crmKeys.phone(e164), entity: 'phone', phone: e164 };
  }
}
