/**
 * Run a campaign over a stretch of (simulated or real) time: every `stepSeconds`, inside the calling window, the
 * scheduler picks the due entries pacing allows (core/campaigns/scheduler.ts), each is checked against the
 * do-not-call lists at dial time, dialled through the `OutboundDialler` port, and its outcome recorded (dial.ts).
 * Locally the dialler is the offline interpreter with the seeded answer model (infra/local/campaign-dialler.ts);
 * in AWS the same steps run per tick of the scheduled dialler Lambda.
 */
import type { Campaign, ListEntry } from '../../../schemas/campaigns.js';
import { clientTokenOf, inWindow, nextWindowStart, selectDials } from '../../core/campaigns/scheduler.js';
import type { CampaignRepository } from '../../ports/campaign-repository.js';
import { checkBeforeDial, type DialDeps, type DialOutcome, type Recorded, recordOutcome } from './dial.js';
import { CampaignRuleError } from './manage-campaigns.js';

/** Places outbound calls (port): the local simulation, or Amazon Connect. */
export interface OutboundDialler {
  /** Agents free for the campaign's queue at `at` (progressive pacing); agentless campaigns ignore it. */
  availableAgents(campaign: Campaign, at: Date): number;
  /** Dial one attempt; `clientToken` makes a retried request ring the customer once. */
  dial(req: {
    readonly campaign: Campaign;
    readonly entry: ListEntry;
    readonly n: number;
    readonly clientToken: string;
    readonly at: Date;
  }): Promise<DialOutcome & { readonly ringSeconds: number }>;
}

export interface RunDeps extends DialDeps {
  readonly campaigns: DialDeps['campaigns'] & Pick<CampaignRepository, 'get' | 'entries' | 'setStatus'>;
  readonly dialler: OutboundDialler;
}

export interface RunOptions {
  readonly from: Date;
  readonly until: Date;
  /** @default 60 */
  readonly stepSeconds?: number;
  /** Told of each moment the dialler acts at, before it dials (e.g. to set a simulated clock). */
  readonly onTick?: (at: Date) => void;
  /** Told of every attempt as it is recorded. */
  readonly onAttempt?: (r: Recorded & { readonly skipped?: string }) => void;
}

export interface RunSummary {
  readonly from: Date;
  /** Where the run stopped: `until`, or earlier when the list was finished. */
  readonly to: Date;
  readonly dialled: number;
  readonly answered: number;
  readonly skippedDnc: number;
  readonly finished: number;
  readonly pending: number;
  readonly completed: boolean;
}

export async function runCampaign(deps: RunDeps, name: string, opts: RunOptions): Promise<RunSummary> {
  const campaign = await deps.campaigns.get(name);
  if (!campaign) throw new CampaignRuleError(`no campaign "${name}"`);
  if (campaign.status !== 'active')
    throw new CampaignRuleError(
      `campaign "${name}" is ${campaign.status}${campaign.status === 'paused' ? ': resume it first' : ''}`,
    );
  if (opts.until.getTime() <= opts.from.getTime()) throw new CampaignRuleError('--until must be after --at');
  const entries = await deps.campaigns.entries(name);
  const step = (opts.stepSeconds ?? 60) * 1000;
  const dials: number[] = [];
  const lines: number[] = [];
  let dialled = 0;
  let answered = 0;
  let skippedDnc = 0;
  let t = opts.from;
  const pending = () => entries.filter((e) => e.status === 'pending');
  while (t.getTime() < opts.until.getTime() && pending().length > 0) {
    if (!inWindow(campaign.window, t)) {
      const next = nextWindowStart(campaign.window, t);
      if (!next || next.getTime() >= opts.until.getTime()) break;
      t = next;
      continue;
    }
    const now = t.getTime();
    opts.onTick?.(t);
    const due = selectDials(campaign, entries, t, {
      availableAgents: campaign.mode === 'agent' ? deps.dialler.availableAgents(campaign, t) : 0,
      linesInUse: lines.filter((end) => end > now).length,
      dialsLastMinute: dials.filter((d) => d > now - 60_000).length,
    });
    for (const entry of due) {
      const i = entries.indexOf(entry);
      const reason = await checkBeforeDial(deps, campaign, entry, t);
      let rec: Recorded;
      if (reason) {
        rec = await recordOutcome(deps, campaign, entry, t, { dnc: reason });
        skippedDnc++;
      } else {
        const n = entry.attempts + 1;
        const out = await deps.dialler.dial({
          campaign,
          entry,
          n,
          clientToken: clientTokenOf(campaign.name, entry.entryId, n),
          at: t,
        });
        dials.push(now);
        lines.push(now + out.ringSeconds * 1000);
        dialled++;
        if (out.result === 'answered') answered++;
        rec = await recordOutcome(deps, campaign, entry, t, out);
      }
      entries[i] = rec.entry;
      opts.onAttempt?.(rec);
    }
    t = new Date(now + step);
  }
  const left = pending().length;
  if (left === 0) await deps.campaigns.setStatus(name, 'completed', t);
  return {
    from: opts.from,
    to: left === 0 ? t : new Date(Math.min(t.getTime(), opts.until.getTime())),
    dialled,
    answered,
    skippedDnc,
    finished: entries.length - left,
    pending: left,
    completed: left === 0,
  };
}
