import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { boundedHttpHandler } from '../aws/http.js';

export interface DynamoClientOptions {
  /** Endpoint URL; set for DynamoDB Local, unset in AWS. */
  readonly endpoint?: string;
  /** @default process.env.AWS_REGION ?? 'local' */
  readonly region?: string;
  /** Time to open a TCP connection. @default 300 */
  readonly connectionTimeoutMs?: number;
  /** Time for one request after the connection is open. @default 1000 */
  readonly requestTimeoutMs?: number;
  /** Attempts per call, first included. @default 2 */
  readonly maxAttempts?: number;
}

/**
 * A DynamoDB document client with bounded timeouts and retries. In-call Lambdas use
 * small values so a slow or unreachable DynamoDB costs a known, short time.
 */
export function createDocumentClient(opts: DynamoClientOptions = {}): DynamoDBDocumentClient {
  const local = opts.endpoint !== undefined;
  const client = new DynamoDBClient({
    region: opts.region ?? process.env.AWS_REGION ?? 'local',
    maxAttempts: opts.maxAttempts ?? 2,
    ...(local
      ? { endpoint: opts.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
    requestHandler: boundedHttpHandler({
      connectionTimeoutMs: opts.connectionTimeoutMs ?? 300,
      requestTimeoutMs: opts.requestTimeoutMs ?? 1000,
      maxAttempts: opts.maxAttempts ?? 2,
    }),
  });
  // The SDK's logger middleware copies every request and response through the service schema's sensitive-data
  // filter before it hands them to the client's logger, even to the default one that discards them: a walk of each
  // item written (about 4% of contact-record ingestion's CPU). These clients are given no logger (failures reach our
  // own, masked, logs as errors), so it is removed.
  client.middlewareStack.remove('loggerMiddleware');
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/**
 * The client of an in-call read that must answer within `budgetMs`: the per-request timeout is half the budget
 * (a hung socket cannot use all of it twice), at most 2 attempts.
 */
export function budgetedDocumentClient(budgetMs: number, endpoint?: string): DynamoDBDocumentClient {
  return createDocumentClient({
    ...(endpoint ? { endpoint } : {}),
    connectionTimeoutMs: Math.min(300, budgetMs),
    requestTimeoutMs: Math.max(100, Math.floor(budgetMs / 2)),
    maxAttempts: 2,
  });
}
