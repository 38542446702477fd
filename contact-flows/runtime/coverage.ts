import type { PathStep } from '../../schemas/contact-record.js';
import { type Action, isKnownActionType } from '../../schemas/flow.js';
import { ACTION_CATALOG } from '../builder/catalog.js';
import { type FlowSources, type LoadedFlow, loadFlows } from './flows.js';
import { conditionLabel } from './transitions.js';

/**
 * Branch coverage of flows over many simulated calls. Every transition of every action is a row: `NextAction`,
 * each `Errors` entry (`Error:<type>`), each condition (`Condition:<op> <operand>`), and for actions that leave
 * the flow on success (TransferContactToQueue, TransferToFlow, DequeueContactAndTransferToQueue) a `Transfer`
 * row. Rows the interpreter can never take are listed as not applicable and left out of the percentages:
 * a `NextAction` shadowed by `NoMatchingCondition` or by exhaustive conditions (CheckHoursOfOperation, Loop,
 * Wait), the `NextAction` of an action that leaves the flow, and a condition identical to an earlier one.
 */

export interface CoverageRow {
  readonly flow: string;
  readonly flowName: string;
  readonly action: string;
  readonly type: string;
  readonly branch: string;
  /** Target action, or `(leaves flow)` for Transfer rows. */
  readonly to: string;
  /** How many times the branch was taken. */
  readonly taken: number;
  readonly applicable: boolean;
}

export interface CoverageFigures {
  readonly total: number;
  readonly taken: number;
  /** 0–100, one decimal; 100 when there is nothing to cover. */
  readonly percent: number;
}

export interface FlowCoverage extends CoverageFigures {
  readonly flow: string;
  readonly name: string;
  readonly actions: { readonly total: number; readonly visited: number };
}

export interface CoverageSummary extends CoverageFigures {
  readonly flows: readonly FlowCoverage[];
}

interface MutableRow {
  flow: string;
  flowName: string;
  action: string;
  type: string;
  branch: string;
  to: string;
  taken: number;
  applicable: boolean;
}

const key = (flow: string, action: string, branch: string) => `${flow}\u0000${action}\u0000${branch}`;

function percent(taken: number, total: number): number {
  return total === 0 ? 100 : Math.round((taken / total) * 1000) / 10;
}

export class CoverageTracker {
  readonly #rows: MutableRow[] = [];
  readonly #index = new Map<string, MutableRow>();
  readonly #flows: LoadedFlow[];
  readonly #visited = new Set<string>();
  #calls = 0;
  readonly #sources: FlowSources;

  /** `flows`: the same map the runtime was given (ARN → document or definition). */
  constructor(flows: FlowSources) {
    this.#sources = flows;
    this.#flows = [...loadFlows(flows).values()];
    for (const flow of this.#flows) {
      for (const action of flow.doc.Actions) this.#addRows(flow, action);
    }
  }

  #addRows(flow: LoadedFlow, action: Action): void {
    const t = action.Transitions;
    const conditions = t.Conditions ?? [];
    const errors = t.Errors ?? [];
    const spec = isKnownActionType(action.Type) ? ACTION_CATALOG[action.Type] : undefined;
    const add = (branch: string, to: string, applicable: boolean) => {
      const k = key(flow.arn, action.Identifier, branch);
      const duplicate = this.#index.has(k);
      const row: MutableRow = {
        flow: flow.arn,
        flowName: flow.name,
        action: action.Identifier,
        type: action.Type,
        branch,
        to,
        taken: 0,
        applicable: applicable && !duplicate,
      };
      this.#rows.push(row);
      if (!duplicate) this.#index.set(k, row);
    };
    const leaves = spec?.success === 'leaves';
    if (t.NextAction !== undefined) {
      const shadowed =
        conditions.length > 0 &&
        (errors.some((e) => e.ErrorType === 'NoMatchingCondition') || spec?.success === 'exhaustive');
      add('NextAction', t.NextAction, !shadowed && !leaves && spec?.success !== 'interrupt');
    }
    if (leaves) add('Transfer', '(leaves flow)', true);
    for (const c of conditions) add(conditionLabel(c.Condition), c.NextAction, true);
    for (const e of errors) add(`Error:${e.ErrorType}`, e.NextAction, true);
  }

  /** Adds one call (its result, or just its path). */
  record(call: { readonly path: readonly PathStep[] } | readonly PathStep[]): void {
    const path = Array.isArray(call)
      ? (call as readonly PathStep[])
      : (call as { path: readonly PathStep[] }).path;
    this.#calls++;
    for (const step of path) {
      this.#visited.add(`${step.flow}\u0000${step.action}`);
      const row = this.#index.get(key(step.flow, step.action, step.branch));
      if (row) row.taken++;
    }
  }

  /**
   * Adds what another tracker over the same flows saw (e.g. the scenario files of one profile, each with its own
   * tracker): transitions are matched by flow ARN, action and branch; flows the other has and this one has not
   * are ignored.
   */
  absorb(other: CoverageTracker): void {
    for (const row of other.rows()) {
      const mine = this.#index.get(key(row.flow, row.action, row.branch));
      if (mine && row.applicable) mine.taken += row.taken;
    }
    for (const v of other.#visited) this.#visited.add(v);
    this.#calls += other.#calls;
  }

  /** A tracker over the same flows with the same counts. */
  clone(): CoverageTracker {
    const copy = new CoverageTracker(this.#sources);
    copy.absorb(this);
    return copy;
  }

  get calls(): number {
    return this.#calls;
  }

  rows(): CoverageRow[] {
    return this.#rows.map((r) => ({ ...r }));
  }

  /** Rows not taken yet (applicable ones only). */
  missed(): CoverageRow[] {
    return this.rows().filter((r) => r.applicable && r.taken === 0);
  }

  summary(): CoverageSummary {
    const flows = this.#flows.map((flow): FlowCoverage => {
      const rows = this.#rows.filter((r) => r.flow === flow.arn && r.applicable);
      const taken = rows.filter((r) => r.taken > 0).length;
      const visited = flow.doc.Actions.filter((a) =>
        this.#visited.has(`${flow.arn}\u0000${a.Identifier}`),
      ).length;
      return {
        flow: flow.arn,
        name: flow.name,
        total: rows.length,
        taken,
        percent: percent(taken, rows.length),
        actions: { total: flow.doc.Actions.length, visited },
      };
    });
    const total = flows.reduce((n, f) => n + f.total, 0);
    const taken = flows.reduce((n, f) => n + f.taken, 0);
    return { total, taken, percent: percent(taken, total), flows };
  }

  /** A readable table per flow, then the summary line. */
  format(): string {
    const out: string[] = [];
    const summary = this.summary();
    for (const f of summary.flows) {
      out.push(
        `${f.name} (${f.flow}): ${f.taken}/${f.total} branches (${f.percent}%), ${f.actions.visited}/${f.actions.total} actions visited`,
      );
      const rows = this.#rows.filter((r) => r.flow === f.flow);
      const width = (pick: (r: MutableRow) => string) =>
        Math.min(40, Math.max(0, ...rows.map((r) => pick(r).length)));
      const wa = width((r) => r.action);
      const wt = width((r) => r.type);
      const wb = width((r) => r.branch);
      for (const r of rows) {
        const mark = !r.applicable ? '  n/a' : r.taken > 0 ? `${String(r.taken).padStart(5)}` : '    -';
        out.push(
          `  ${mark}  ${r.action.padEnd(wa)}  ${r.type.padEnd(wt)}  ${r.branch.padEnd(wb)}  -> ${r.to}`,
        );
      }
    }
    out.push(
      `Branch coverage: ${summary.taken}/${summary.total} (${summary.percent}%) over ${this.#calls} call(s)`,
    );
    return out.join('\n');
  }
}
