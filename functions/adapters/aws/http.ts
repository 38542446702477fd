/**
 * Bounded HTTP for every AWS client we build (issue 17, faults): a connection timeout, a request timeout that
 * really ends the request (not only a warning), a fixed number of attempts (the SDK's standard retry: throttling
 * and 5xx are retried with backoff), and keep-alive. Without these a hung connection holds an SNS, SQS or
 * Transcribe call until the Lambda itself times out. The limits are chosen per caller: an in-call Lambda has a
 * budget of about a second, an event-driven one minutes.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export interface CallLimits {
  /** Time to open a TCP connection. */
  readonly connectionTimeoutMs: number;
  /** Time one request may go without an answer once connected. */
  readonly requestTimeoutMs: number;
  /** Attempts per call, the first included. */
  readonly maxAttempts: number;
}

/** Limits for the callers we have. */
export const CALL_LIMITS = {
  /** Inside a call (SMS confirmations): must fit the in-call budget, so one retry at most. */
  inCall: { connectionTimeoutMs: 300, requestTimeoutMs: 1000, maxAttempts: 2 },
  /** Event-driven and scheduled Lambdas (dead letters, transcription, escalation notices). */
  event: { connectionTimeoutMs: 1000, requestTimeoutMs: 5000, maxAttempts: 4 },
  /** Bulk object transfers (exports, recordings): a long idle allowance, data keeps the socket alive. */
  bulk: { connectionTimeoutMs: 1000, requestTimeoutMs: 30_000, maxAttempts: 3 },
} as const satisfies Record<string, CallLimits>;

/** A request handler that enforces `limits` (connection and request timeouts, keep-alive sockets). */
export function boundedHttpHandler(limits: CallLimits, maxSockets = 50): NodeHttpHandler {
  const keepAlive = { keepAlive: true, maxSockets };
  return new NodeHttpHandler({
    connectionTimeout: limits.connectionTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    // Without it, the current handler only warns when a request runs over: make the timeout real.
    throwOnRequestTimeout: true,
    httpAgent: new HttpAgent(keepAlive),
    httpsAgent: new HttpsAgent(keepAlive),
  });
}

/**
 * Client configuration with `limits`. `endpoint` overrides the service endpoint (a VPC endpoint, or a test
 * double); the callers read it from the SDK's own variables (`AWS_ENDPOINT_URL_SNS`, `…_SQS`, `…_TRANSCRIBE`).
 */
export function boundedClientConfig(
  limits: CallLimits,
  opts: { endpoint?: string | undefined; region?: string | undefined } = {},
) {
  return {
    maxAttempts: limits.maxAttempts,
    requestHandler: boundedHttpHandler(limits),
    ...(opts.region ? { region: opts.region } : {}),
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
  };
}
