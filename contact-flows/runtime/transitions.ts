import type { Action, Condition } from '../../schemas/flow.js';
import { MissingBranchError } from './errors.js';

/**
 * Condition operators (reference §1.1). Every documented operator compares the action's result with one string
 * operand. `Equals` is exact and case-sensitive; the `Number*` operators are false when either side is not a
 * number.
 */
export function evaluateCondition(condition: Condition, value: string): boolean {
  const [operand, ...more] = condition.Operands;
  if (typeof operand !== 'string' || more.length > 0) {
    // Composite operators (nested conditions) are not documented: refuse rather than guess.
    throw new MissingBranchError(
      `condition ${condition.Operator} with ${condition.Operands.length} operand(s) is not supported (exactly one string operand expected)`,
    );
  }
  switch (condition.Operator) {
    case 'Equals':
      return value === operand;
    case 'TextStartsWith':
      return value.startsWith(operand);
    case 'TextEndsWith':
      return value.endsWith(operand);
    case 'TextContains':
      return value.includes(operand);
    case 'NumberGreaterThan':
      return compareNumbers(value, operand, (a, b) => a > b);
    case 'NumberGreaterOrEqualTo':
      return compareNumbers(value, operand, (a, b) => a >= b);
    case 'NumberLessThan':
      return compareNumbers(value, operand, (a, b) => a < b);
    case 'NumberLessOrEqualTo':
      return compareNumbers(value, operand, (a, b) => a <= b);
    default:
      throw new MissingBranchError(`unknown condition operator "${condition.Operator}"`);
  }
}

/** A number as Connect would read it: decimal text, optional sign and fraction; blank or anything else is not. */
export function toNumber(text: string): number | undefined {
  const t = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

function compareNumbers(value: string, operand: string, cmp: (a: number, b: number) => boolean): boolean {
  const a = toNumber(value);
  const b = toNumber(operand);
  return a !== undefined && b !== undefined && cmp(a, b);
}

/** How a condition branch is named in paths and coverage: `Condition:Equals 1`. */
export function conditionLabel(condition: Condition): string {
  const operands = condition.Operands.map((o) => (typeof o === 'string' ? o : JSON.stringify(o))).join(', ');
  return `Condition:${condition.Operator} ${operands}`;
}

/** What an action did: succeeded (with a result for conditions) or raised an error type. */
export type Outcome =
  | { readonly ok: true; readonly result?: string }
  | { readonly ok: false; readonly error: string };

export interface Taken {
  /** `NextAction`, `Error:<type>`, `Condition:<op> <operand>`, or `End` (no transitions: the flow ends). */
  readonly branch: string;
  readonly to?: string;
}

/**
 * Reference §1.3: on `error(T)` take the `Errors` entry of type T, else `NoMatchingError`; on success with
 * conditions the first true one wins, else `NoMatchingCondition`, else `NextAction`; on success without
 * conditions `NextAction`; `Transitions: {}` ends the flow. A result or error with no branch is not guessed
 * (unverified in Connect): it throws.
 */
export function chooseTransition(action: Action, outcome: Outcome): Taken {
  const t = action.Transitions;
  const errors = t.Errors ?? [];
  if (!outcome.ok) {
    const entry =
      errors.find((e) => e.ErrorType === outcome.error) ??
      errors.find((e) => e.ErrorType === 'NoMatchingError');
    if (!entry) {
      throw new MissingBranchError(
        `${action.Type} "${action.Identifier}" raised ${outcome.error} but has neither a ${outcome.error} nor a NoMatchingError branch`,
      );
    }
    return { branch: `Error:${entry.ErrorType}`, to: entry.NextAction };
  }
  const conditions = t.Conditions ?? [];
  if (conditions.length > 0) {
    const value = outcome.result ?? '';
    for (const c of conditions) {
      if (evaluateCondition(c.Condition, value))
        return { branch: conditionLabel(c.Condition), to: c.NextAction };
    }
    const noMatch = errors.find((e) => e.ErrorType === 'NoMatchingCondition');
    if (noMatch) return { branch: 'Error:NoMatchingCondition', to: noMatch.NextAction };
    if (t.NextAction !== undefined) return { branch: 'NextAction', to: t.NextAction };
    throw new MissingBranchError(
      `${action.Type} "${action.Identifier}" result "${value}" matches no condition and there is no NoMatchingCondition branch or NextAction`,
    );
  }
  if (t.NextAction !== undefined) return { branch: 'NextAction', to: t.NextAction };
  if (errors.length === 0) return { branch: 'End' };
  throw new MissingBranchError(
    `${action.Type} "${action.Identifier}" succeeded but has no NextAction (only error branches)`,
  );
}
