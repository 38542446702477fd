/**
 * Local models of the services some Flow Language actions call and that have no emulator: Amazon Lex, Customer
 * Profiles, Cases, Q in Connect (Wisdom), Voice ID, tasks, views and third-party numbers. Each is a plain,
 * scriptable data structure (JSON or YAML files on the command line, objects in tests), so a flow that uses
 * them runs offline to an outcome that the scenario decides. What each action does with them is documented next
 * to the action in `runtime.ts` and in `contact-flows/runtime/README.md`.
 */

/** What a Lex bot recognises from one utterance (or DTMF entry). */
export interface LexIntent {
  readonly intent: string;
  readonly slots?: Readonly<Record<string, string>>;
  readonly sessionAttributes?: Readonly<Record<string, string>>;
  /** `$.Lex.IntentConfidence.Score` (default 1). */
  readonly confidence?: number;
  /** `$.Lex.SentimentResponse.Label` (e.g. POSITIVE). */
  readonly sentiment?: string;
}

/**
 * A Lex bot as a map from what the caller says (or keys) to an intent. Lookup is exact first, then
 * case-insensitive with spaces collapsed. Anything else is the fallback intent (Lex V2's built-in
 * `FallbackIntent` unless `fallbackIntent` says otherwise), as Lex answers an utterance it does not understand.
 */
export interface LexBotModel {
  readonly utterances: Readonly<Record<string, string | LexIntent>>;
  readonly fallbackIntent?: string;
}

/** A Customer Profiles profile: `ProfileId` plus any standard or custom fields (`FirstName`, `PhoneNumber`…). */
export type CustomerProfileRecord = Record<string, unknown> & { ProfileId: string };

/** Voice ID results for the caller: `CheckVoiceId` returns the one its `CheckVoiceId` parameter asks about. */
export interface VoiceIdModel {
  /** `ENROLLED`, `NOT_ENROLLED`, `OPTED_OUT` (default NOT_ENROLLED). */
  readonly enrollment?: string;
  /** `AUTHENTICATED`, `NOT_AUTHENTICATED`, `INCONCLUSIVE`, `NOT_ENROLLED`, `OPTED_OUT` (default NOT_ENROLLED). */
  readonly authentication?: string;
  /** `HIGH_RISK`, `LOW_RISK`, `INCONCLUSIVE` (default LOW_RISK). */
  readonly fraud?: string;
}

/** How a third-party number answers: `answered` (default), `busy`/`failed` (CallFailed), `no-answer`. */
export type ThirdPartyBehaviour = 'answered' | 'busy' | 'failed' | 'no-answer';

export interface RuntimeServices {
  /** Lex bots by bot name, bot ID, alias ID, alias ARN, or `*` (any bot). */
  readonly lex?: Readonly<Record<string, LexBotModel>>;
  /** The Customer Profiles domain (changed by Create/Update/Associate during the run). */
  readonly profiles?: CustomerProfileRecord[];
  /** Profile objects by object type (`GetCustomerProfileObject`), each with a `ProfileId` field. */
  readonly profileObjects?: Readonly<Record<string, ReadonlyArray<Record<string, unknown>>>>;
  /** Calculated attributes by profile ID (`GetCalculatedAttributesForCustomerProfile`). */
  readonly calculatedAttributes?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** The Cases domain (changed by CreateCase/UpdateCase). */
  readonly cases?: Array<Record<string, unknown>>;
  readonly voiceId?: VoiceIdModel;
  /** By E.164 number (or `*`). */
  readonly thirdParty?: Readonly<Record<string, ThirdPartyBehaviour>>;
  /** What the agent or customer selects in a view, by view ID or ARN (or `*`); absent: the view times out. */
  readonly views?: Readonly<Record<string, string>>;
  /** `CheckOutboundCallStatus` result (e.g. `CallAnswered`, `VoicemailBeep`); default `CallAnswered`. */
  readonly outboundCallStatus?: string;
}

function normalize(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The intent a bot model gives an utterance. */
export function recognise(model: LexBotModel, utterance: string): LexIntent {
  const exact = model.utterances[utterance];
  const found =
    exact ?? Object.entries(model.utterances).find(([k]) => normalize(k) === normalize(utterance))?.[1];
  if (found === undefined) return { intent: model.fallbackIntent ?? 'FallbackIntent' };
  return typeof found === 'string' ? { intent: found } : found;
}

/** Reads a Lex model file (`{ "utterances": { … }, "fallbackIntent"? }`, or a bare utterance map). */
export function parseLexModel(json: unknown, source: string): LexBotModel {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error(`${source}: a Lex model is an object of utterance → intent`);
  }
  const raw = json as Record<string, unknown>;
  const map = (
    typeof raw.utterances === 'object' && raw.utterances !== null ? raw.utterances : raw
  ) as Record<string, unknown>;
  const utterances: Record<string, string | LexIntent> = {};
  for (const [utterance, value] of Object.entries(map)) {
    if (utterance === 'fallbackIntent' && map === raw) continue;
    if (typeof value === 'string') {
      utterances[utterance] = value;
    } else if (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as { intent?: unknown }).intent === 'string'
    ) {
      utterances[utterance] = value as LexIntent;
    } else {
      throw new Error(`${source}: "${utterance}" must map to an intent name or { "intent", "slots"? }`);
    }
  }
  const fallback = raw.fallbackIntent;
  return { utterances, ...(typeof fallback === 'string' ? { fallbackIntent: fallback } : {}) };
}

/** Which model serves a bot reference: alias ARN, bot ID, alias ID, bot name, or the `*` model. */
export function lexModelFor(
  lex: Readonly<Record<string, LexBotModel>> | undefined,
  reference: { aliasArn?: string; name?: string },
): { key: string; model: LexBotModel } | undefined {
  if (!lex) return undefined;
  const candidates: string[] = [];
  if (reference.aliasArn) {
    candidates.push(reference.aliasArn);
    const m = /bot-alias\/([^/]+)\/([^/]+)/.exec(reference.aliasArn);
    if (m?.[1]) candidates.push(m[1]);
    if (m?.[2]) candidates.push(m[2]);
  }
  if (reference.name) candidates.push(reference.name);
  candidates.push('*');
  for (const key of candidates) {
    const model = lex[key];
    if (model) return { key, model };
  }
  return undefined;
}

/** Profiles matching identifier name/value pairs (AND or OR); `_phone`, `_email`, `_account` as in SearchProfiles. */
export function searchProfiles(
  profiles: readonly CustomerProfileRecord[],
  criteria: ReadonlyArray<{ name: string; value: string }>,
  operator: 'AND' | 'OR',
): CustomerProfileRecord[] {
  const fieldsFor = (name: string): string[] => {
    switch (name) {
      case '_phone':
        return ['PhoneNumber', 'MobilePhoneNumber', 'HomePhoneNumber', 'BusinessPhoneNumber'];
      case '_email':
        return ['EmailAddress', 'PersonalEmailAddress', 'BusinessEmailAddress'];
      case '_account':
        return ['AccountNumber'];
      case '_profileId':
        return ['ProfileId'];
      default:
        return [name];
    }
  };
  const matches = (p: CustomerProfileRecord, c: { name: string; value: string }) =>
    fieldsFor(c.name).some((f) => {
      const v = p[f] ?? (p.Attributes as Record<string, unknown> | undefined)?.[f];
      return typeof v === 'string' && v === c.value;
    });
  return profiles.filter((p) =>
    operator === 'AND' ? criteria.every((c) => matches(p, c)) : criteria.some((c) => matches(p, c)),
  );
}
