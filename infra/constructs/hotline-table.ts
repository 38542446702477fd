import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { TableDefinition } from '../../schemas/tables.js';

export interface HotlineTableProps {
  /** The table's keys, indexes and TTL (schemas/tables.ts), shared with the local runtime. */
  readonly definition: TableDefinition;
  /** Customer-managed key that encrypts the table. */
  readonly encryptionKey: kms.IKey;
}

const attr = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

/**
 * One DynamoDB table from a TableDefinition: on-demand, encrypted with our KMS key and, when it
 * holds customer data, point-in-time recovery, deletion protection and RETAIN on stack deletion.
 *
 * `Table` (AWS::DynamoDB::Table), not `TableV2` (AWS::DynamoDB::GlobalTable): TableV2 cannot
 * render a customer-managed key in an environment-agnostic stack ("Replica SSE specification
 * cannot be rendered in a region agnostic stack"), and our stacks must synthesize without an
 * account or region. Table is also what cdk-nag's DDB3 (PITR) rule inspects.
 *
 * Keep the construct id (the definition's `id`) stable: a new logical id means a new, empty table.
 */
export class HotlineTable extends Construct {
  readonly table: dynamodb.Table;
  readonly definition: TableDefinition;

  constructor(scope: Construct, id: string, props: HotlineTableProps) {
    super(scope, id);
    const def = props.definition;
    this.definition = def;
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: attr(def.partitionKey),
      sortKey: def.sortKey ? attr(def.sortKey) : undefined,
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.encryptionKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: def.customerData },
      deletionProtection: def.customerData,
      removalPolicy: def.customerData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      timeToLiveAttribute: def.timeToLiveAttribute,
    });
    for (const g of def.globalSecondaryIndexes ?? []) {
      this.table.addGlobalSecondaryIndex({
        indexName: g.indexName,
        partitionKey: attr(g.partitionKey),
        sortKey: g.sortKey ? attr(g.sortKey) : undefined,
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
  }
}
