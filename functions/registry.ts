/**
 * The Lambda functions contact flows invoke during a call: one list for CDK (FunctionsStack creates them and the
 * connect stack adds them to the instance), the contact flows (which ARN to invoke, with which time limit) and
 * the local contact centre (which handler answers which ARN). Plain data: no CDK, no AWS SDK.
 *
 * To add one: append an entry here, give it its environment and grants in FunctionsStack's per-key config
 * (`infra/stacks/functions-stack.ts`), and the type system points at every place that must know it.
 */
export const IN_CALL_FUNCTIONS = [
  {
    key: 'callerLookup',
    /** The handler's file, relative to the repository root (exports `handler`). */
    entry: 'functions/caller-lookup/handler.ts',
    /** `POWERTOOLS_SERVICE_NAME`, and the function's name in the local contact centre. */
    serviceName: 'caller-lookup',
    description: 'Hotline in-call caller lookup: number to customer, tier, block and queue hint',
    /**
     * What the flow waits for (InvokeLambdaFunction `InvocationTimeLimitSeconds`, 1–8). The caller hears silence
     * meanwhile; the handler answers `degraded` within its budget (1.5 s by default) long before this.
     */
    invocationTimeLimitSeconds: 3,
  },
  {
    key: 'createTicket',
    entry: 'functions/create-ticket/handler.ts',
    serviceName: 'create-ticket',
    description: 'Hotline in-call ticket creation from the IVR ticket submenu, with SMS confirmation',
    /** The handler answers within TICKET_BUDGET_MS (3 s by default), `degraded` if the ticket is not written. */
    invocationTimeLimitSeconds: 6,
  },
  {
    key: 'recordSurvey',
    entry: 'functions/survey/handler.ts',
    serviceName: 'survey',
    description:
      'Hotline post-call survey: stores the 1-5 rating per contact, agent and queue; low scores open a ticket',
    /** The caller has rated and hears the thanks right after: the answer never blocks the flow for long. */
    invocationTimeLimitSeconds: 5,
  },
  {
    key: 'authenticateCard',
    entry: 'functions/card-auth/handler.ts',
    serviceName: 'card-auth',
    description: 'Hotline in-call card authentication: customer card number to retailer, branch and tier',
    /** One GetItem within the lookup budget (1.5 s by default); `degraded` after it. */
    invocationTimeLimitSeconds: 3,
  },
  {
    key: 'orderDesk',
    entry: 'functions/order-desk/handler.ts',
    serviceName: 'order-desk',
    description:
      'Hotline in-call order desk: order lines, read-back, atomic placement, order history, cancellation',
    /** Each step answers within ORDER_BUDGET_MS (3 s by default), `degraded` after it. */
    invocationTimeLimitSeconds: 6,
  },
  {
    key: 'pickup',
    entry: 'functions/pickup/handler.ts',
    serviceName: 'pickup',
    description:
      'Hotline in-call pickup booking (carrier): slots by branch and capacity, booking, dispatch notice and SMS',
    /** The handler answers within PICKUP_BUDGET_MS (3 s by default), `degraded` if nothing could be done. */
    invocationTimeLimitSeconds: 6,
  },
  {
    key: 'trackShipment',
    entry: 'functions/track-shipment/handler.ts',
    serviceName: 'track-shipment',
    description: 'Hotline in-call waybill tracking (carrier): the latest status and place of a shipment',
    /** One GetItem within TRACK_BUDGET_MS (1.5 s by default); `degraded` after it. */
    invocationTimeLimitSeconds: 3,
  },
  {
    key: 'repairBooking',
    entry: 'functions/repair-booking/handler.ts',
    serviceName: 'repair-booking',
    description:
      'Hotline in-call repair booking (dealer): vehicles on file, slots with capacity, book, move, cancel and SMS',
    /** The handler answers within BOOKING_BUDGET_MS (3 s by default), `degraded` if nothing could be done. */
    invocationTimeLimitSeconds: 6,
  },
  {
    key: 'captureLead',
    entry: 'functions/capture-lead/handler.ts',
    serviceName: 'capture-lead',
    description: 'Hotline in-call lead capture (outsourcer): interest, consent to a call back, source',
    /** One conditional write within LEAD_BUDGET_MS (2 s by default); `degraded` after it. */
    invocationTimeLimitSeconds: 4,
  },
  {
    key: 'faqAnswer',
    entry: 'functions/faq-answer/handler.ts',
    serviceName: 'faq-answer',
    description:
      "Hotline in-call spoken FAQ answer: the chosen FAQ article's spoken text, for the IVR to read",
    /** One GetItem within FAQ_BUDGET_MS (1.5 s by default); `degraded` after it. */
    invocationTimeLimitSeconds: 3,
  },
] as const satisfies readonly InCallFunctionDef[];

export interface InCallFunctionDef {
  /** Stable key, used in flow refs (`refs.lambdas.callerLookup`) and construct ids. */
  readonly key: string;
  readonly entry: string;
  readonly serviceName: string;
  readonly description: string;
  /** Time limit the flow gives the function (1–8 s for a synchronous invocation). */
  readonly invocationTimeLimitSeconds: number;
  /** The Lambda's own timeout, when it is not computed from the deployment config. */
  readonly timeoutSeconds?: number;
}

export type InCallFunction = (typeof IN_CALL_FUNCTIONS)[number];
export type FunctionKey = InCallFunction['key'];

export const FUNCTION_KEYS: readonly FunctionKey[] = IN_CALL_FUNCTIONS.map((f) => f.key);

/** The registry entry of `key`. */
export function inCallFunction(key: FunctionKey): InCallFunction {
  const found = IN_CALL_FUNCTIONS.find((f) => f.key === key);
  if (!found) throw new Error(`unknown in-call function "${key}"; known: ${FUNCTION_KEYS.join(', ')}`);
  return found;
}

/** Account and region of the local contact centre's fake ARNs. */
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'local';

/** The function's name in the local contact centre: `hotline-caller-lookup`. */
export function localFunctionName(key: FunctionKey): string {
  return `hotline-${inCallFunction(key).serviceName}`;
}

/** `arn:aws:lambda:local:000000000000:function:hotline-caller-lookup`: what local flows invoke. */
export function localFunctionArn(key: FunctionKey): string {
  return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${localFunctionName(key)}`;
}

/** The function key a local ARN names, or undefined (the local runtime's reverse lookup). */
export function functionKeyOfLocalArn(arn: string): FunctionKey | undefined {
  return IN_CALL_FUNCTIONS.find((f) => localFunctionArn(f.key) === arn)?.key;
}

/** Every in-call function's local ARN, by key (the `lambdas` of local flow refs). */
export function localFunctionArns(): Record<FunctionKey, string> {
  return Object.fromEntries(IN_CALL_FUNCTIONS.map((f) => [f.key, localFunctionArn(f.key)])) as Record<
    FunctionKey,
    string
  >;
}
