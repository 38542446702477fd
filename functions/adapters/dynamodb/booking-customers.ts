/**
 * The customer and the vehicles on their record, in one GetItem of the CRM customer item. The vehicles are the
 * CRM's (`vehicles`: plate, model, purchase date, as the customer file imports them); they are read from the raw
 * item (core/bookings.ts vehiclesOf: lenient), and the rest of the record is checked without them, so that a record
 * without vehicles, or with an entry that is not one, is still the customer (with the vehicles that are valid).
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { CustomerItemSchema } from '../../../schemas/crm.js';
import { vehiclesOf } from '../../core/bookings.js';
import type { BookingCustomers } from '../../use-cases/bookings/bookings.js';
import { crmKeys } from './keys.js';

const CustomerWithoutVehiclesSchema = CustomerItemSchema.omit({ vehicles: true });

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
    const customer = CustomerWithoutVehiclesSchema.safeParse(out.Item);
    if (!customer.success) return undefined;
    return { customer: customer.data, vehicles: vehiclesOf(out.Item) };
  }
}
