/** Every check the validator (and builder) can report, by stable id: tests and `ignore` options refer to these. */
export const FLOW_RULES = [
  // document
  'schema',
  'version',
  'too-many-actions',
  'content-too-large',
  'start-action',
  'identifier',
  'duplicate-identifier',
  'dangling-next-action',
  'unreachable',
  // action type and parameters
  'unknown-action-type',
  'action-not-allowed',
  'parameters',
  'prompt-source',
  'store-input',
  'queue-or-agent',
  'lambda-timeout',
  'event-hook-count',
  'event-hook-key',
  'static-only-param',
  'single-jsonpath-param',
  'jsonpath-only-param',
  'jsonpath-root',
  // transitions
  'terminal-transitions',
  'no-transition',
  'missing-error-branch',
  'unexpected-error-type',
  'duplicate-error-type',
  // conditions
  'conditions-not-supported',
  'unknown-operator',
  'condition-operands',
  'duplicate-condition',
  'dtmf-condition',
  'hours-conditions',
  'loop-conditions',
  'message-loop-conditions',
  'staffing-conditions',
  'queue-metric-conditions',
  'distribution-conditions',
  'wait-conditions',
  // builder only
  'unwired-branch',
  'double-wiring',
] as const;
export type FlowRule = (typeof FLOW_RULES)[number];

export type Severity = 'error' | 'warning';

export interface FlowProblem {
  /** The action concerned, when there is one. */
  actionId?: string;
  /** Where in the document, e.g. `Actions[3].Transitions.Errors[0].NextAction`. */
  path: string;
  message: string;
  /** Errors fail `build()`; warnings (e.g. action types we do not know) do not. */
  severity: Severity;
  rule: FlowRule;
}

export class FlowValidationError extends Error {
  override readonly name = 'FlowValidationError';

  constructor(
    readonly flowName: string,
    readonly problems: readonly FlowProblem[],
  ) {
    super(`Flow "${flowName}" is invalid:\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`);
  }
}

export function formatProblem(p: FlowProblem): string {
  const where = p.actionId === undefined ? p.path : `${p.actionId} (${p.path})`;
  return `${p.severity} [${p.rule}] ${where}: ${p.message}`;
}
