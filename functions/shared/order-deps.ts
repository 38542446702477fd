/** The order centre's dependencies from the environment (CDK in AWS; the CLI and local contact centre locally). */
import { SNSClient } from '@aws-sdk/client-sns';
import { getProfile } from '../../contact-flows/profiles/index.js';
import { ticketingOf } from '../../contact-flows/profiles/ticketing.js';
import { type OrderEnv, OrderEnvSchema } from '../../schemas/order-env.js';
import { boundedClientConfig, CALL_LIMITS } from '../adapters/aws/http.js';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { DynamoOrderRepository } from '../adapters/dynamodb/order-repository.js';
import { DynamoSmsStore } from '../adapters/dynamodb/sms-store.js';
import { OutboxSmsGateway } from '../adapters/local/outbox.js';
import { SnsSmsGateway } from '../adapters/sns/sms-gateway.js';
import { DEFAULT_ORDERING } from '../core/orders/orders.js';
import { CatalogueCache } from '../use-cases/orders/catalogue-cache.js';
import type { OrderDeps } from '../use-cases/orders/place-order.js';
import { configErrorOf } from './in-call.js';

export interface OrderCentreDeps extends OrderDeps {
  readonly env: OrderEnv;
  readonly phoneRegion: string;
  close(): void;
}

export function orderDepsFromEnv(
  env: NodeJS.ProcessEnv | Readonly<Record<string, string | undefined>> = process.env,
  opts: { now?: () => Date; requestTimeoutMs?: number; connectionTimeoutMs?: number } = {},
): OrderCentreDeps | { readonly configError: string } {
  const parsed = OrderEnvSchema.safeParse(env);
  if (!parsed.success) return configErrorOf(parsed.error);
  const cfg = parsed.data;
  const profile = getProfile(cfg.HOTLINE_PROFILE);
  const doc = createDocumentClient({
    ...(cfg.DYNAMODB_ENDPOINT ? { endpoint: cfg.DYNAMODB_ENDPOINT } : {}),
    connectionTimeoutMs: opts.connectionTimeoutMs ?? 300,
    requestTimeoutMs: opts.requestTimeoutMs ?? Math.max(200, Math.floor(cfg.ORDER_BUDGET_MS / 3)),
    maxAttempts: 2,
  });
  const now = opts.now ?? (() => new Date());
  const phoneRegion = cfg.PHONE_REGION ?? profile.phoneRegion;
  const sns = cfg.HOTLINE_OUTBOX_HOME
    ? undefined
    : new SNSClient(boundedClientConfig(CALL_LIMITS.inCall, { endpoint: env.AWS_ENDPOINT_URL_SNS }));
  return {
    orders: new DynamoOrderRepository(doc, cfg.ORDERS_TABLE_NAME),
    settings: { ...DEFAULT_ORDERING, timeZone: cfg.ORDER_TIME_ZONE },
    // Kept as long as these dependencies (a Lambda container, a CLI command): checked by version at each order.
    catalogue: new CatalogueCache(),
    now,
    sms: {
      gateway: cfg.HOTLINE_OUTBOX_HOME
        ? new OutboxSmsGateway(cfg.HOTLINE_OUTBOX_HOME, now)
        : new SnsSmsGateway(sns as SNSClient),
      store: new DynamoSmsStore(doc, cfg.SMS_TABLE_NAME),
      settings: ticketingOf(profile.id).sms,
      phoneRegion,
      now,
    },
    env: cfg,
    phoneRegion,
    close: () => {
      (doc.config.requestHandler as { destroy?: () => void } | undefined)?.destroy?.();
      sns?.destroy();
    },
  };
}
