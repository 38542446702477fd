import type { CallResult } from '../../schemas/contact-record.js';
import { type FlowProblem, formatProblem } from '../builder/problems.js';

/** Where in the flows a runtime error happened. */
export interface FlowLocation {
  readonly flow?: string;
  readonly action?: string;
  readonly type?: string;
}

/**
 * A flow the runtime cannot execute faithfully: it fails the call (never a silent guess). Subclasses say why.
 * `path` holds the steps taken so far, to see how the call got there.
 */
export class FlowRuntimeError extends Error {
  override readonly name: string = 'FlowRuntimeError';
  readonly flow: string | undefined;
  readonly action: string | undefined;
  readonly actionType: string | undefined;
  path: ReadonlyArray<{ flow: string; action: string; type: string; branch: string }> = [];
  /** The call up to the failure (prompts, inputs, events…), when it failed during a call. */
  partial: CallResult | undefined;

  constructor(message: string, where: FlowLocation = {}) {
    super(message);
    this.flow = where.flow;
    this.action = where.action;
    this.actionType = where.type;
  }
}

/** An action type the interpreter does not implement (reached during a call). */
export class UnsupportedActionError extends FlowRuntimeError {
  override readonly name = 'UnsupportedActionError';
  constructor(where: Required<FlowLocation>) {
    super(
      `action type "${where.type}" is not implemented by the offline runtime (action "${where.action}" in flow ${where.flow})`,
      where,
    );
  }
}

/** Too many actions in one contact: most likely a loop that never ends. */
export class StepLimitError extends FlowRuntimeError {
  override readonly name = 'StepLimitError';
  constructor(
    readonly limit: number,
    where: Required<FlowLocation>,
  ) {
    super(
      `step limit reached: ${limit} actions in one contact, at ${where.type} "${where.action}" in flow ${where.flow} (a loop that never ends? raise maxSteps if it is legitimate)`,
      where,
    );
  }
}

/** The action produced a result or error for which its Transitions have no branch (reference §1.3, unverified). */
export class MissingBranchError extends FlowRuntimeError {
  override readonly name = 'MissingBranchError';
}

/** A flow that does not parse or that the validator rejects with error-level problems. */
export class FlowRefusedError extends FlowRuntimeError {
  override readonly name = 'FlowRefusedError';
  constructor(
    flow: string,
    readonly problems: readonly FlowProblem[],
    detail?: string,
  ) {
    // One line first (the CLI prints only the first line), then one problem per line.
    const errors = problems.filter((p) => p.severity === 'error');
    const head =
      detail ??
      `flow ${flow} is refused: ${errors.length} error-level problem(s), first: ${errors[0] ? formatProblem(errors[0]) : 'none'}`;
    super([head, ...errors.map((p) => `  - ${formatProblem(p)}`)].join('\n'), { flow });
  }
}

/** The scenario itself is wrong (e.g. two keys given to a one-key menu, an unknown agent in an event). */
export class ScenarioError extends FlowRuntimeError {
  override readonly name = 'ScenarioError';
}
