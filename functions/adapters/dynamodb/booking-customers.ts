/**
 * The customer and the vehicles on their record, in one GetItem of the CRM customer item. The vehicles are read
 * from the raw item (core/bookings.ts vehiclesOf: lenient), so that a record without them, or written before the
 * customer schema knew them, is simply a customer with no vehicle.
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { CustomerItemSchema } from '../../../schemas/crm.js';
import { vehiclesOf } from '../../core/bookings.js';
import type { BookingCustomers } from '../../use-cases/bookings/bookings.js';
import { crmKeys } from './keys.js';

export class DynamoBookingCustomers implements BookingCustomers {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async find(customerId: string) {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: crmKeys.customer(customerId), ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    const customer = CustomerItemSchema.safeParse(out.Item);
    return customer.success ? { customer: customer.data, vehicles: vehiclesOf(out.Item) } : undefined;
  }
}
