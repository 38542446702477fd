/**
 * Building blocks for self-service transactions in a flow (F14, F20; issues 11 and 12): DTMF entry with
 * re-prompts, a transaction Lambda whose answer routes the call, read-backs built from that answer, "1 to
 * confirm / 2 to change / 0 for an agent" menus, and the SMS line that follows. Every block:
 *
 * - keeps an agent one key away: `0` at every menu, and `0` (then `#`) at every entry, goes to `agent`;
 * - re-prompts a missing or wrong input at most `retries` times (a `Loop`), then goes to `giveUp`
 *   (by default the agent: a caller who cannot finish alone is served, never hung up on);
 * - never drops the call on an error branch: errors go to the agent (or the block's `failed` target).
 *
 * Identifiers are `<name>`, `<name> …`: pass a per-language `id()` (see `idsFor`) so that each language's copy
 * has its own. The prompts are the caller's language's `SelfServiceText` (defaults in `SELF_SERVICE_TEXT`).
 *
 * ```ts
 * const ss = selfService(f, { id, agent: queueStep('orders'), text: SELF_SERVICE_TEXT[language] });
 * const code = ss.entry('Product code', { prompt: '请输入商品代码，以井号键结束。', attribute: 'productCode',
 *   maxLength: 8, next: 'Check line' });
 * ss.transaction('Check line', { functionArn, timeoutSeconds: 6, parameters: { productCode: '$.Attributes.productCode' },
 *   status: 'lineStatus', routes: { ok: 'Line read-back', unknown_product: code.invalid } });
 * ss.confirm('Line read-back', { prompt: '$.External.prompt', onConfirm: 'Add line', onChange: code.start });
 * ```
 */
import type { Language } from '../../schemas/profile.js';
import { SENTENCE_JOIN } from '../../schemas/profile.js';
import type { DtmfKey, FlowBuilder, Target } from '../builder/index.js';

/** What every block says, in one language. */
export interface SelfServiceText {
  /** After a stored-input entry times out (`Timeout`) or a menu gets no key. */
  readonly noInput: string;
  /** After a wrong key, or an entry the Lambda refused (`invalid`). */
  readonly invalid: string;
  /** How an entry prompt ends: "0 then # for an agent". */
  readonly entryAgent: string;
  /** The confirm menu's keys. */
  readonly confirmKeys: string;
  /** How a choice menu ends: "0 for an agent". */
  readonly menuAgent: string;
  /** When the transaction Lambda fails or answers a status with no route. */
  readonly failed: string;
  /** Before the transfer to an agent. */
  readonly toAgent: string;
}

export const SELF_SERVICE_TEXT: Readonly<Record<Language, SelfServiceText>> = {
  'zh-CN': {
    noInput: '抱歉，我们没有收到您的输入。',
    invalid: '抱歉，您的输入有误，请重新输入。',
    entryAgent: '转人工服务请按0再按井号键。',
    confirmKeys: '确认请按1，修改请按2，人工服务请按0。',
    menuAgent: '人工服务请按0。',
    failed: '抱歉，系统暂时无法办理，正在为您转接人工服务。',
    toAgent: '正在为您转接人工服务。',
  },
  'en-US': {
    noInput: 'Sorry, we did not receive your entry.',
    invalid: 'Sorry, that entry is not valid. Please try again.',
    entryAgent: 'For an agent, press 0 then the hash key.',
    confirmKeys: 'To confirm, press 1. To change it, press 2. For an agent, press 0.',
    menuAgent: 'For an agent, press 0.',
    failed: 'Sorry, we cannot complete this right now. We are connecting you to an agent.',
    toAgent: 'We are connecting you to an agent.',
  },
};

/** What `$.StoredCustomerInput` holds when the caller typed nothing (reference: store customer input). */
export const STORED_INPUT_TIMEOUT = 'Timeout';
/** The entry that asks for an agent instead (`0#`). */
export const AGENT_ENTRY = '0';

export interface SelfServiceOptions {
  /** Identifier of a step in this copy of the flow (`idsFor(language, primary)`). */
  readonly id: (name: string) => string;
  /** Where `0` goes: usually the step that sets the working queue. */
  readonly agent: Target;
  readonly text: SelfServiceText;
  /** The language of `text` (how sentences are joined). @default 'zh-CN' */
  readonly language?: Language;
  /** Re-prompts after a missing or wrong input. @default 2 */
  readonly retries?: number;
  /** Seconds to wait for the first key. @default 8 */
  readonly timeoutSeconds?: number;
}

export interface EntryOptions {
  /** What to ask (the agent hint is added). May contain `$.Attributes.x` / `$.External.x`. */
  readonly prompt: string;
  /** Contact attribute the entry is saved in. */
  readonly attribute: string;
  /** Most digits (Connect stops there; `#` ends earlier). */
  readonly maxLength: number;
  /** Where to go with the entry saved. */
  readonly next: Target;
  /** After the last re-prompt. @default the agent */
  readonly giveUp?: Target;
  /** @default the block's `retries` */
  readonly retries?: number;
  /** Where no input goes instead of a re-prompt (an optional entry: go on without it). */
  readonly onNoInput?: Target;
  /** Add "0 then # for an agent" to the prompt. @default true (`0#` goes to the agent either way) */
  readonly sayAgentHint?: boolean;
}

export interface EntryHandle {
  /** The entry's first step: go there to ask again from scratch ("2 to change"). */
  readonly start: string;
  /** "That entry is not valid" then ask again (counts as a try): where a refusing Lambda's status goes. */
  readonly invalid: string;
  /** "We did not receive it" then ask again (counts as a try), or `onNoInput`. */
  readonly noInput: Target;
}

export interface TransactionOptions {
  readonly functionArn: string;
  /** The flow's time limit (the function's `invocationTimeLimitSeconds`). */
  readonly timeoutSeconds: number;
  readonly parameters: Readonly<Record<string, string>>;
  /** The answer's status key (`$.External.<status>`). */
  readonly status: string;
  /** Status value → where to go. A status with no route, a failed or timed-out Lambda go to `failed`. */
  readonly routes: Readonly<Record<string, Target>>;
  /**
   * Attributes to keep from the answer (`$.External` is replaced by the next Lambda): `{ orderId: 'orderId' }`
   * sets attribute `orderId` to `$.External.orderId` before routing.
   */
  readonly keep?: Readonly<Record<string, string>>;
  /** @default "sorry" then the agent */
  readonly failed?: Target;
}

export interface MenuOptions {
  /**
   * The question (for `confirm`: what is read back, e.g. `$.External.readBack`). A JSONPath runs until a character
   * that cannot be in a name: end it with a space (`$.External.readBack To confirm…`).
   */
  readonly prompt: string;
  /** Key → where it goes. `0` is always the agent and may not be given. */
  readonly options: Readonly<Partial<Record<Exclude<DtmfKey, '0'>, Target>>>;
  /** After the last re-prompt. @default the agent */
  readonly giveUp?: Target;
  readonly retries?: number;
  /** Add "0 for an agent" to the prompt. @default true */
  readonly sayAgentKey?: boolean;
}

export interface ConfirmOptions {
  /** What is confirmed (a read-back; may be `$.External.x` or contain paths). */
  readonly prompt: string;
  /** 1 */
  readonly onConfirm: Target;
  /** 2 */
  readonly onChange: Target;
  readonly giveUp?: Target;
  readonly retries?: number;
}

/**
 * The building blocks for one language's copy of a flow. `f.message(id('X agent'))` etc. are created once per
 * block name; the shared "sorry" and "to agent" steps are created on first use.
 */
export function selfService(f: FlowBuilder, options: SelfServiceOptions) {
  const { id, agent, text } = options;
  const join = SENTENCE_JOIN[options.language ?? 'zh-CN'];
  const retries = options.retries ?? 2;
  const timeoutSeconds = options.timeoutSeconds ?? 8;
  const created = new Set<string>();
  const once = (name: string, make: (step: string) => void): string => {
    const step = id(name);
    if (!created.has(step)) {
      created.add(step);
      make(step);
    }
    return step;
  };
  /** "Connecting you to an agent", then the agent. */
  const toAgent = () =>
    once('Self-service to agent', (s) => f.message(s, { text: text.toAgent }).always(agent));
  /** "Sorry, we cannot complete this", then the agent. */
  const sorry = () => once('Self-service failed', (s) => f.message(s, { text: text.failed }).always(agent));
  const sentences = (...parts: string[]) => parts.filter((p) => p.length > 0).join(join);

  return {
    /** The shared "connecting you to an agent" step (then `agent`). */
    toAgent,
    /** The shared "sorry, connecting you to an agent" step. */
    sorry,

    /**
     * DTMF entry (`#`-terminated, stored in `$.StoredCustomerInput`), saved in `attribute`. No input (the error
     * branch; Connect's `Timeout` value reaches `next`, see below) and `invalid` re-prompt through one `Loop` of
     * `retries`; `0#` goes to the agent.
     *
     * ```
     * <name> ─ok→ <name>? ─0→ agent
     *         └error→ <name> no input ─→ <name> retries ─body→ <name>
     *                                                  └done→ giveUp (agent)
     *                                      otherwise→ <name> save → next
     * <name> invalid ─→ <name> retries
     * ```
     */
    entry(name: string, o: EntryOptions): EntryHandle {
      const start = id(name);
      const giveUp = o.giveUp ?? toAgent();
      const noInput = o.onNoInput ?? id(`${name} no input`);
      f.storeInput(start, {
        text: o.sayAgentHint === false ? o.prompt : sentences(o.prompt, text.entryAgent),
        timeoutSeconds,
        validation: { maxLength: o.maxLength },
        terminator: '#',
      })
        .next(id(`${name}?`))
        .onError(noInput);
      // No input: Connect takes the success branch with `Timeout` stored (reference: store customer input), and so
      // does the offline interpreter; it goes to `noInput`, like an error of the block itself. The Lambdas after an
      // entry still treat `Timeout` as no input (STORED_INPUT_TIMEOUT), should a flow reach them with it.
      f.compare(id(`${name}?`), '$.StoredCustomerInput')
        .when('Equals', AGENT_ENTRY, toAgent())
        .when('Equals', STORED_INPUT_TIMEOUT, noInput)
        .otherwise(id(`${name} save`));
      // An optional entry that cannot be saved is skipped; a required one apologises and goes to the agent.
      f.setAttributes(id(`${name} save`), { [o.attribute]: '$.StoredCustomerInput' })
        .next(o.next)
        .onError(o.onNoInput ?? sorry());
      if (o.onNoInput === undefined)
        f.message(id(`${name} no input`), { text: text.noInput }).always(id(`${name} retries`));
      f.message(id(`${name} invalid`), { text: text.invalid }).always(id(`${name} retries`));
      f.loop(id(`${name} retries`), o.retries ?? retries)
        .body(start)
        .done(giveUp);
      return { start, invalid: id(`${name} invalid`), noInput };
    },

    /**
     * Invoke an in-call transaction Lambda and route on its status (`$.External.<status>`), keeping the answer's
     * values the later steps need as attributes. A failure, a timeout or an unrouted status: "sorry", the agent.
     */
    transaction(name: string, o: TransactionOptions): string {
      const start = id(name);
      const failed = o.failed ?? sorry();
      const route = id(`${name} result`);
      const keep = o.keep && Object.keys(o.keep).length > 0 ? id(`${name} keep`) : undefined;
      f.invokeLambda(start, {
        functionArn: o.functionArn,
        timeoutSeconds: o.timeoutSeconds,
        parameters: o.parameters,
        responseType: 'STRING_MAP',
      })
        .next(keep ?? route)
        .onError(failed);
      if (keep && o.keep) {
        f.setAttributes(
          keep,
          Object.fromEntries(Object.entries(o.keep).map(([attr, key]) => [attr, `$.External.${key}`])),
        )
          .next(route)
          .onError(failed);
      }
      const compare = f.compare(route, `$.External.${o.status}`);
      for (const [status, target] of Object.entries(o.routes)) compare.when('Equals', status, target);
      compare.otherwise(failed);
      return start;
    },

    /** Play a read-back (text with `$.External.x` / `$.Attributes.x` paths, filled in by Connect), then go on. */
    readBack(name: string, prompt: string, next: Target): string {
      f.message(id(name), { text: prompt }).always(next);
      return id(name);
    },

    /**
     * A one-key menu: each option's key, `0` for an agent, a missing or wrong key re-prompted `retries` times
     * (then `giveUp`, the agent by default).
     */
    menu(name: string, o: MenuOptions): string {
      const start = id(name);
      const step = f.getInput(start, {
        text: o.sayAgentKey === false ? o.prompt : sentences(o.prompt, text.menuAgent),
        timeoutSeconds,
      });
      for (const [key, target] of Object.entries(o.options)) {
        if (target !== undefined) step.onKey(key as DtmfKey, target);
      }
      step
        .onKey('0', toAgent())
        .onTimeout(id(`${name} no input`))
        .onInvalid(id(`${name} invalid`))
        .onError(sorry());
      f.message(id(`${name} no input`), { text: text.noInput }).always(id(`${name} retries`));
      f.message(id(`${name} invalid`), { text: text.invalid }).always(id(`${name} retries`));
      f.loop(id(`${name} retries`), o.retries ?? retries)
        .body(start)
        .done(o.giveUp ?? toAgent());
      return start;
    },

    /** "<read-back>. To confirm press 1, to change it press 2, for an agent press 0." */
    confirm(name: string, o: ConfirmOptions): string {
      return this.menu(name, {
        prompt: sentences(o.prompt, text.confirmKeys),
        options: { '1': o.onConfirm, '2': o.onChange },
        sayAgentKey: false,
        ...(o.giveUp !== undefined ? { giveUp: o.giveUp } : {}),
        ...(o.retries !== undefined ? { retries: o.retries } : {}),
      });
    },
  };
}

export type SelfService = ReturnType<typeof selfService>;
