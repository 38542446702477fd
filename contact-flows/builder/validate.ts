import type { z } from 'zod';
import {
  ACTION_PARAMETER_SCHEMAS,
  type Action,
  ActionSchema,
  CONDITION_OPERATORS,
  type Condition,
  FLOW_LANGUAGE_VERSION,
  FlowDocumentSchema,
  type FlowKind,
  isKnownActionType,
  NUMBER_OPERATORS,
  parseBoolLike,
  parseIntLike,
  STAFFING_METRICS,
} from '../../schemas/flow.js';
import {
  ACTION_CATALOG,
  type ActionSpec,
  containsJsonPath,
  identifierProblem,
  isSingleJsonPath,
  JSONPATH_ROOTS,
  jsonPathRoot,
  MAX_ACTIONS,
  MAX_CONTENT_CHARS,
  type ParamRule,
  requiredErrors,
} from './catalog.js';
import type { FlowProblem, FlowRule, Severity } from './problems.js';

export interface ValidateOptions {
  /** Rules to skip, e.g. `['unreachable']` for a console export kept as a scratchpad. */
  readonly ignore?: readonly FlowRule[];
  /**
   * `connect` (default): only what Amazon Connect itself refuses is an error, so every flow Connect accepts
   * passes. `strict`: also our own rules for the flows we build (e.g. an error branch on every prompt).
   */
  readonly level?: 'connect' | 'strict';
}

interface Located {
  readonly index: number;
  readonly action: Action;
}

/**
 * Checks a Flow Language document (ours or a console export) for the flow type it will be deployed as.
 * Returns every problem found (empty when valid). Unknown action types are warnings, not errors, so console
 * exports that use actions we do not model still validate.
 */
export function validateFlow(doc: unknown, type: FlowKind, options: ValidateOptions = {}): FlowProblem[] {
  const ignore = new Set(options.ignore ?? []);
  const problems: FlowProblem[] = [];
  const report = (rule: FlowRule, path: string, message: string, extra: Partial<FlowProblem> = {}): void => {
    if (ignore.has(rule)) return;
    const severity: Severity = extra.severity ?? 'error';
    problems.push({
      ...(extra.actionId === undefined ? {} : { actionId: extra.actionId }),
      path,
      message,
      severity,
      rule,
    });
  };

  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    report('schema', '', 'the flow document must be a JSON object');
    return problems;
  }
  const raw = doc as Record<string, unknown>;
  const rawActions: unknown[] = Array.isArray(raw.Actions) ? raw.Actions : [];
  const idAt = (index: unknown): string | undefined => {
    const a = typeof index === 'number' ? rawActions[index] : undefined;
    const id = typeof a === 'object' && a !== null ? (a as Record<string, unknown>).Identifier : undefined;
    return typeof id === 'string' ? id : undefined;
  };

  // Document shape. Keep going with whatever actions parse, so one broken action does not hide the rest.
  const parsedDoc = FlowDocumentSchema.safeParse(doc);
  if (!parsedDoc.success) {
    for (const issue of parsedDoc.error.issues) {
      const isVersion = issue.path[0] === 'Version';
      const actionId = issue.path[0] === 'Actions' ? idAt(issue.path[1]) : undefined;
      report(
        isVersion ? 'version' : 'schema',
        formatPath(issue.path),
        isVersion ? `Version must be "${FLOW_LANGUAGE_VERSION}"` : issue.message,
        { actionId },
      );
    }
  }
  const actions: Located[] = [];
  rawActions.forEach((a, index) => {
    const parsed = ActionSchema.safeParse(a);
    if (parsed.success) actions.push({ index, action: parsed.data });
  });

  if (rawActions.length > MAX_ACTIONS) {
    report('too-many-actions', 'Actions', `${rawActions.length} actions; at most ${MAX_ACTIONS}`);
  }
  // Measured on the document as given: with CDK tokens this is the tokenised size, not the deployed one.
  const size = JSON.stringify(doc).length;
  if (size > MAX_CONTENT_CHARS) {
    report('content-too-large', '', `Content is ${size} characters; at most ${MAX_CONTENT_CHARS}`);
  }

  // Identifiers.
  const byId = new Map<string, Located>();
  for (const located of actions) {
    const id = located.action.Identifier;
    const path = `Actions[${located.index}].Identifier`;
    const bad = identifierProblem(id);
    if (bad) report('identifier', path, bad, { actionId: id });
    const first = byId.get(id);
    if (first) {
      report('duplicate-identifier', path, `identifier "${id}" is already used by Actions[${first.index}]`, {
        actionId: id,
      });
    } else {
      byId.set(id, located);
    }
  }

  // StartAction and every NextAction resolve.
  const start = typeof raw.StartAction === 'string' ? raw.StartAction : undefined;
  if (start !== undefined && !byId.has(start)) {
    report('start-action', 'StartAction', `StartAction "${start}" is not an action in this flow`);
  }
  for (const { index, action } of actions) {
    for (const edge of edges(action, index)) {
      if (!byId.has(edge.target)) {
        report('dangling-next-action', edge.path, `"${edge.target}" is not an action in this flow`, {
          actionId: action.Identifier,
        });
      }
    }
  }

  // Reachability from StartAction through every transition.
  if (start !== undefined && byId.has(start)) {
    const seen = new Set<string>([start]);
    const queue = [start];
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const located = byId.get(id);
      if (!located) continue;
      for (const edge of edges(located.action, located.index)) {
        if (!seen.has(edge.target)) {
          seen.add(edge.target);
          queue.push(edge.target);
        }
      }
    }
    for (const { index, action } of actions) {
      if (!seen.has(action.Identifier)) {
        report('unreachable', `Actions[${index}]`, `not reachable from StartAction "${start}"`, {
          actionId: action.Identifier,
        });
      }
    }
  }

  for (const located of actions) {
    checkAction(located, type, options.level ?? 'connect', (rule, path, message, severity = 'error') =>
      report(rule, `Actions[${located.index}]${path}`, message, {
        actionId: located.action.Identifier,
        severity,
      }),
    );
  }
  return problems;
}

type Report = (rule: FlowRule, path: string, message: string, severity?: Severity) => void;

function checkAction(
  { action }: Located,
  flowType: FlowKind,
  level: 'connect' | 'strict',
  report: Report,
): void {
  if (!isKnownActionType(action.Type)) {
    report('unknown-action-type', '.Type', `unknown action type "${action.Type}": not checked`, 'warning');
    return;
  }
  const spec = ACTION_CATALOG[action.Type];
  if (!spec.allowedIn.includes(flowType)) {
    report('action-not-allowed', '.Type', `${action.Type} is not allowed in ${flowType} flows`);
  }

  const parsed = (ACTION_PARAMETER_SCHEMAS[action.Type] as z.ZodType).safeParse(action.Parameters);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const rule =
        (issue.code === 'custom' ? (issue.params?.rule as FlowRule | undefined) : undefined) ?? 'parameters';
      report(rule, `.Parameters${formatPath(issue.path, '.')}`, issue.message);
    }
  }
  for (const rule of spec.params) checkParamRule(action.Parameters, rule, report);

  checkTransitions(action, spec, level, report);
  checkConditions(action, spec, report);
}

// ---------------------------------------------------------------------------------------------------------------
// Parameters: where JSONPath may appear

function checkParamRule(parameters: Record<string, unknown>, rule: ParamRule, report: Report): void {
  for (const [path, value] of stringLeaves(parameters, rule.path.split('.'), '.Parameters')) {
    if (rule.kind === 'static') {
      if (containsJsonPath(value)) report('static-only-param', path, 'must be static (no JSONPath)');
      continue;
    }
    if (rule.kind === 'path' && !isSingleJsonPath(value)) {
      report(
        'jsonpath-only-param',
        path,
        `must be a single JSONPath (e.g. "$.Attributes.x"), got "${value}"`,
      );
      continue;
    }
    if (containsJsonPath(value) && !isSingleJsonPath(value)) {
      report('single-jsonpath-param', path, `must be static or exactly one JSONPath, got "${value}"`);
      continue;
    }
    if (isSingleJsonPath(value)) {
      const root = jsonPathRoot(value);
      if (root === undefined || !JSONPATH_ROOTS.has(root)) {
        report('jsonpath-root', path, `"${value}" does not start with a known flow data root`, 'warning');
      }
    }
  }
}

/** String leaves under a dotted pattern (`*` = any key/index, trailing `**` = whole subtree). */
function stringLeaves(value: unknown, segments: readonly string[], at: string): Array<[string, string]> {
  const [head, ...rest] = segments;
  if (head === undefined) return typeof value === 'string' ? [[at, value]] : [];
  if (head === '**') {
    if (typeof value === 'string') return [[at, value]];
    return children(value).flatMap(([key, child]) => stringLeaves(child, ['**'], `${at}${key}`));
  }
  if (head === '*')
    return children(value).flatMap(([key, child]) => stringLeaves(child, rest, `${at}${key}`));
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, head))
    return [];
  return stringLeaves((value as Record<string, unknown>)[head], rest, `${at}.${head}`);
}

function children(value: unknown): Array<[string, unknown]> {
  if (Array.isArray(value)) return value.map((v, i) => [`[${i}]`, v]);
  if (typeof value === 'object' && value !== null) return Object.entries(value).map(([k, v]) => [`.${k}`, v]);
  return [];
}

// ---------------------------------------------------------------------------------------------------------------
// Transitions

function checkTransitions(
  action: Action,
  spec: ActionSpec,
  level: 'connect' | 'strict',
  report: Report,
): void {
  const t = action.Transitions;
  const errors = t.Errors ?? [];
  const conditions = t.Conditions ?? [];
  const hasAny = t.NextAction !== undefined || errors.length > 0 || conditions.length > 0;

  if (spec.terminal === 'always') {
    if (hasAny)
      report('terminal-transitions', '.Transitions', `${action.Type} is terminal: Transitions must be {}`);
    return;
  }
  if (!hasAny) {
    if (spec.terminal !== 'optional') {
      report('no-transition', '.Transitions', `${action.Type} is not terminal but has nowhere to go`);
    }
    return;
  }
  if (t.NextAction === undefined && spec.success === 'next') {
    const defaulted = conditions.length > 0 && errors.some((e) => e.ErrorType === 'NoMatchingCondition');
    if (!defaulted)
      report('no-transition', '.Transitions.NextAction', 'success has nowhere to go: no NextAction');
  }

  if (!spec.errors) return;
  const errorSpec = spec.errors(action.Parameters);
  const { allowed } = errorSpec;
  const required = requiredErrors(errorSpec, level);
  const seen = new Map<string, number>();
  errors.forEach((e, i) => {
    const first = seen.get(e.ErrorType);
    if (first !== undefined) {
      report(
        'duplicate-error-type',
        `.Transitions.Errors[${i}]`,
        `${e.ErrorType} already at Errors[${first}]`,
      );
    } else {
      seen.set(e.ErrorType, i);
    }
    if (!allowed.includes(e.ErrorType)) {
      report(
        'unexpected-error-type',
        `.Transitions.Errors[${i}].ErrorType`,
        `${e.ErrorType} is not documented for ${action.Type}` +
          (allowed.length ? ` (expected: ${allowed.join(', ')})` : ' (it has no error branches)'),
        'warning',
      );
    }
  });
  const missing = required.filter((e) => !seen.has(e));
  if (missing.length) {
    report(
      'missing-error-branch',
      '.Transitions.Errors',
      `${action.Type} needs error branch(es): ${missing.join(', ')}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Conditions

interface Cond {
  readonly i: number;
  readonly operator: string;
  /** The single string operand of a documented operator, else undefined. */
  readonly operand: string | undefined;
}

function checkConditions(action: Action, spec: ActionSpec, report: Report): void {
  const raw = action.Transitions.Conditions ?? [];
  if (raw.length === 0 && !['CheckHoursOfOperation', 'Loop', 'Wait'].includes(action.Type)) return;
  if (!spec.conditions && raw.length > 0) {
    report('conditions-not-supported', '.Transitions.Conditions', `${action.Type} supports no conditions`);
    return;
  }

  const conds: Cond[] = [];
  const seen = new Map<string, number>();
  raw.forEach(({ Condition: c }, i) => {
    const at = `.Transitions.Conditions[${i}].Condition`;
    if (!(CONDITION_OPERATORS as readonly string[]).includes(c.Operator)) {
      report('unknown-operator', `${at}.Operator`, `unknown operator "${c.Operator}"`);
      conds.push({ i, operator: c.Operator, operand: undefined });
      return;
    }
    const operand = singleOperand(c);
    if (operand === undefined) {
      report('condition-operands', `${at}.Operands`, `${c.Operator} takes exactly one string operand`);
    } else if (
      (NUMBER_OPERATORS as readonly string[]).includes(c.Operator) &&
      !Number.isFinite(Number(operand))
    ) {
      report(
        'condition-operands',
        `${at}.Operands[0]`,
        `${c.Operator} with non-numeric "${operand}" is never true`,
        'warning',
      );
    }
    const key = `${c.Operator} ${JSON.stringify(c.Operands)}`;
    const first = seen.get(key);
    if (first !== undefined) {
      report('duplicate-condition', at, `same condition as Conditions[${first}]: never taken`, 'warning');
    } else {
      seen.set(key, i);
    }
    conds.push({ i, operator: c.Operator, operand });
  });

  const p = action.Parameters;
  const at = (c: Cond) => `.Transitions.Conditions[${c.i}].Condition`;
  switch (action.Type) {
    case 'GetParticipantInput':
      if (parseBoolLike(p.StoreInput) === true) {
        if (conds.length)
          report('store-input', '.Transitions.Conditions', 'StoreInput True supports no conditions');
        return;
      }
      for (const c of conds) {
        if (c.operator !== 'Equals' || c.operand === undefined || !/^[0-9*#]$/.test(c.operand)) {
          report('dtmf-condition', at(c), 'DTMF conditions are Equals with a single key 0-9, * or #');
        }
      }
      return;
    case 'CheckHoursOfOperation':
      exactEquals(conds, ['True', 'False'], 'hours-conditions', report);
      return;
    case 'Loop':
      exactEquals(conds, ['ContinueLooping', 'DoneLooping'], 'loop-conditions', report);
      return;
    case 'MessageParticipantIteratively':
      for (const c of conds) {
        if (c.operator !== 'Equals' || c.operand !== 'MessagesInterrupted') {
          report('message-loop-conditions', at(c), 'the only condition is Equals MessagesInterrupted');
        }
      }
      return;
    case 'CheckMetricData':
      if ((STAFFING_METRICS as readonly unknown[]).includes(p.MetricType)) {
        for (const c of conds) {
          if (c.operator !== 'NumberGreaterThan' || c.operand !== '0') {
            report(
              'staffing-conditions',
              at(c),
              `${String(p.MetricType)} supports only NumberGreaterThan "0"`,
            );
          }
        }
      } else {
        for (const c of conds) {
          if (c.operator !== 'Equals' && !(NUMBER_OPERATORS as readonly string[]).includes(c.operator)) {
            report(
              'queue-metric-conditions',
              at(c),
              `${String(p.MetricType)} supports Equals and Number* operators`,
            );
          }
        }
      }
      return;
    case 'DistributeByPercentage': {
      let previous = 0;
      for (const c of conds) {
        const n = parseIntLike(c.operand);
        if (c.operator !== 'NumberLessThan' || n === undefined || n < 1 || n > 100) {
          report('distribution-conditions', at(c), 'conditions are NumberLessThan an integer 1-100');
        } else if (n <= previous) {
          report('distribution-conditions', at(c), `thresholds must increase (${n} after ${previous})`);
        } else {
          previous = n;
        }
      }
      return;
    }
    case 'Wait': {
      const events = Array.isArray(p.Events)
        ? p.Events.filter((e): e is string => typeof e === 'string')
        : [];
      exactEquals(conds, ['WaitCompleted', ...events], 'wait-conditions', report);
      return;
    }
    default:
      return;
  }
}

/** Conditions must be exactly `Equals <v>` for each expected value, and nothing else. */
function exactEquals(
  conds: readonly Cond[],
  expected: readonly string[],
  rule: FlowRule,
  report: Report,
): void {
  for (const c of conds) {
    if (c.operator !== 'Equals' || c.operand === undefined || !expected.includes(c.operand)) {
      report(
        rule,
        `.Transitions.Conditions[${c.i}].Condition`,
        `only Equals ${expected.join(' / ')} are allowed`,
      );
    }
  }
  const present = new Set(conds.filter((c) => c.operator === 'Equals').map((c) => c.operand));
  const missing = expected.filter((v) => !present.has(v));
  if (missing.length) {
    report(
      rule,
      '.Transitions.Conditions',
      `needs a condition Equals ${missing.map((m) => `"${m}"`).join(' and ')}`,
    );
  }
}

function singleOperand(c: Condition): string | undefined {
  const [only, ...more] = c.Operands;
  return typeof only === 'string' && more.length === 0 ? only : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

interface Edge {
  readonly target: string;
  readonly path: string;
}

/** Every transition target of an action, with its path in the document. */
export function edges(action: Action, index: number): Edge[] {
  const t = action.Transitions;
  const base = `Actions[${index}].Transitions`;
  return [
    ...(t.NextAction === undefined ? [] : [{ target: t.NextAction, path: `${base}.NextAction` }]),
    ...(t.Conditions ?? []).map((c, i) => ({
      target: c.NextAction,
      path: `${base}.Conditions[${i}].NextAction`,
    })),
    ...(t.Errors ?? []).map((e, i) => ({ target: e.NextAction, path: `${base}.Errors[${i}].NextAction` })),
  ];
}

/** `['Actions', 3, 'Parameters', 'Text']` → `Actions[3].Parameters.Text`. */
function formatPath(path: readonly PropertyKey[], lead = ''): string {
  return path
    .map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i === 0 ? lead : '.'}${String(k)}`))
    .join('');
}
