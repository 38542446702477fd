/**
 * Shipment tracking in AWS (issue 12 item 2, carrier): the status-event feed from the carrier's own systems.
 *
 * An SQS queue, not an EventBridge bus: the carrier's scanners emit one event per parcel scan, in bursts at the
 * evening sort; a queue absorbs the burst and the consumer drains it at a bounded concurrency (DynamoDB is not
 * flooded), SQS's at-least-once delivery and its partial batch responses retry only the messages that failed,
 * and the dead-letter queue keeps what could not be recorded, with its body, for an operator. Nothing else needs
 * the events (no fan-out, no content routing), which is what a bus would add. The carrier's systems are given
 * one managed policy (`ShipmentEventSenderPolicyArn`): sqs:SendMessage on this queue and nothing else.
 */
import { CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Profile } from '../../schemas/profile.js';
import { SHIPMENTS_TABLE } from '../../schemas/tables.js';
import { HotlineFunction } from './hotline-function.js';
import { grantDataKey, grantItems } from './ticketing.js';

export interface ShipmentFeedProps {
  readonly profile: Profile;
  readonly shipmentsTable: dynamodb.ITable;
  readonly dataKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
}

/** Seconds the consumer may run on one batch (the queue's visibility timeout is six times this). */
const CONSUMER_TIMEOUT_SECONDS = 30;

/** The environment of the shipment functions. */
export function shipmentEnvironment(
  profile: Profile,
  shipmentsTable: dynamodb.ITable,
): Record<string, string> {
  return { [SHIPMENTS_TABLE.envVar]: shipmentsTable.tableName, HOTLINE_PROFILE: profile.id };
}

/** The queue the carrier's systems send status events to, its consumer and its dead-letter queue. */
export class ShipmentFeed extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetters: sqs.Queue;
  readonly consumer: HotlineFunction;
  readonly senderPolicy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: ShipmentFeedProps) {
    super(scope, id);
    // SSE with SQS-managed keys: the carrier's senders need no KMS grant on our data key. The events hold waybill
    // numbers, statuses and places; both queues are TLS-only and keep messages 14 days.
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the dead-letter queue of the shipment-event queue.',
    });
    this.queue = new sqs.Queue(this, 'Events', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(CONSUMER_TIMEOUT_SECONDS * 6),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: 3 },
    });
    this.consumer = new HotlineFunction(this, 'Consumer', {
      entry: 'functions/shipment-events/handler.ts',
      serviceName: 'shipment-events',
      description: "Hotline shipment status events from the carrier's systems: newest status wins",
      timeout: Duration.seconds(CONSUMER_TIMEOUT_SECONDS),
      logRetention: props.logRetention,
      logEncryptionKey: props.dataKey,
      environment: shipmentEnvironment(props.profile, props.shipmentsTable),
    });
    this.consumer.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(1),
        maxConcurrency: 5,
        reportBatchItemFailures: true,
      }),
    );
    // The event (conditional put) and the latest status (conditional update).
    grantItems(this.consumer, props.shipmentsTable, ['dynamodb:PutItem', 'dynamodb:UpdateItem']);
    grantDataKey(this.consumer, props.dataKey);
    this.senderPolicy = new iam.ManagedPolicy(this, 'SenderPolicy', {
      description: "Attach to the carrier's systems' role: send shipment status events to the Hotline queue",
      statements: [
        new iam.PolicyStatement({
          actions: ['sqs:SendMessage', 'sqs:GetQueueUrl'],
          resources: [this.queue.queueArn],
        }),
      ],
    });
    const stack = Stack.of(this);
    new CfnOutput(stack, 'ShipmentEventQueueUrl', { value: this.queue.queueUrl });
    new CfnOutput(stack, 'ShipmentEventDeadLetterQueueUrl', { value: this.deadLetters.queueUrl });
    new CfnOutput(stack, 'ShipmentEventSenderPolicyArn', { value: this.senderPolicy.managedPolicyArn });
  }
}
