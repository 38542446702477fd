/**
 * The wallboard's local source: the local contact centre's ACD (contact-flows/runtime/acd.ts).
 *
 * The ACD lives in the `npm start` process. So that `hotline wallboard` in another terminal can watch it, the
 * console saves the ACD's moving parts (agent states, waiting contacts, the console's clock) to
 * `$HOTLINE_HOME/acd-state.json` whenever they change (`saveAcdState`); `loadAcdState` rebuilds the profile's
 * ACD from it, with the console's clock carried forward by the wall-clock time elapsed since the save.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { LOCAL_INSTANCE_ARN, localQueueArn } from '../../../contact-flows/flows/refs.js';
import { type AgentState, idOf, LocalAcd } from '../../../contact-flows/runtime/acd.js';
import { profileAgents } from '../../../contact-flows/runtime/profile-runtime.js';
import type { Profile } from '../../../schemas/profile.js';
import type {
  AgentSnapshot,
  QueueSnapshot,
  QueueToday,
  WallboardAgentState,
  WallboardSnapshot,
} from '../../../schemas/supervision.js';
import type { WallboardSource } from '../../ports/supervision.js';

const STATE: Readonly<Record<AgentState, WallboardAgentState>> = {
  Available: 'available',
  Busy: 'on_contact',
  AfterContactWork: 'acw',
  NonProductive: 'other',
  Offline: 'offline',
};

/**
 * What the ACD holds at `at`, as a wallboard snapshot: standard queues (waiting, oldest), agents (state, since,
 * the queues their routing profile serves, what waits in their personal queue). One pass over the waiting
 * contacts and one over the agents.
 */
export function snapshotOfAcd(
  acd: LocalAcd,
  at: Date,
  today?: ReadonlyMap<string, QueueToday>,
): WallboardSnapshot {
  const now = at.getTime();
  const waitingBy = new Map<string, { size: number; oldest: number }>();
  for (const w of acd.waiting()) {
    const cur = waitingBy.get(w.queueArn);
    if (cur) {
      cur.size++;
      if (w.enqueuedAt < cur.oldest) cur.oldest = w.enqueuedAt;
    } else waitingBy.set(w.queueArn, { size: 1, oldest: w.enqueuedAt });
  }
  const queues: QueueSnapshot[] = [];
  for (const q of acd.queues()) {
    if (q.type !== 'STANDARD') continue;
    const w = waitingBy.get(q.arn);
    const t = today?.get(q.name);
    queues.push({
      id: q.id,
      name: q.name,
      waiting: w?.size ?? 0,
      oldestWaitSeconds: w ? Math.max(0, Math.floor((now - w.oldest) / 1000)) : null,
      ...(t ? { today: t } : {}),
    });
  }
  const agents: AgentSnapshot[] = acd.agents().map((a) => {
    const { state } = acd.stateAt(a, now);
    const busy = state === 'Busy';
    return {
      id: a.id,
      name: a.firstName ?? a.username,
      state: STATE[state],
      stateLabel: state,
      // Never changed state since the ACD was built: time in state counts from now.
      since: acd.stateSinceAt(a, now) || now,
      queues: a.routingProfile.queues.map((rq) => idOf(rq.queueArn)),
      ...(busy && a.contactId ? { contactId: a.contactId } : {}),
      personalQueueWaiting: waitingBy.get(a.queueArn)?.size ?? 0,
    };
  });
  return { at: at.toISOString(), source: 'local', queues, agents, agentsTruncated: 0 };
}

// ---------------------------------------------------------------------------------------------------------------
// The console's ACD state, shared through a file

export const acdStatePath = (home: string) => join(home, 'acd-state.json');

const AcdStateSchema = z.object({
  version: z.literal(1),
  profile: z.string(),
  /** The console's clock when saved (simulated when `:time` is set). */
  clockAt: z.number(),
  /** Wall-clock time of the save. */
  savedAt: z.number(),
  agents: z.array(
    z.object({
      id: z.string(),
      state: z.enum(['Available', 'Busy', 'AfterContactWork', 'NonProductive', 'Offline']),
      lastActivityAt: z.number(),
      stateSince: z.number(),
      busyUntil: z.number().nullable(),
      contactId: z.string().nullable(),
    }),
  ),
  waiting: z.array(
    z.object({ contactId: z.string(), queueArn: z.string(), enqueuedAt: z.number(), priority: z.number() }),
  ),
});

/** Save the ACD's moving parts (atomically: a reader never sees half a file). */
export async function saveAcdState(
  home: string,
  profile: Profile,
  acd: LocalAcd,
  clockAt: Date,
): Promise<void> {
  const state: z.infer<typeof AcdStateSchema> = {
    version: 1,
    profile: profile.id,
    clockAt: clockAt.getTime(),
    savedAt: Date.now(),
    agents: acd.agents().map((a) => ({
      id: a.id,
      state: a.state,
      lastActivityAt: a.lastActivityAt,
      stateSince: a.stateSince,
      busyUntil: a.busyUntil ?? null,
      contactId: a.contactId ?? null,
    })),
    waiting: acd.waiting().map((w) => ({
      contactId: w.contactId,
      queueArn: w.queueArn,
      enqueuedAt: w.enqueuedAt,
      priority: w.priority,
    })),
  };
  const file = acdStatePath(home);
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(state), 'utf8');
  await rename(tmp, file);
}

/** The profile's ACD as configured (queues and demo agents, every agent Available). */
export function profileAcd(profile: Profile): LocalAcd {
  return new LocalAcd({
    instanceArn: LOCAL_INSTANCE_ARN,
    queues: profile.queues.map((q) => ({ arn: localQueueArn(q.key), name: q.name })),
    agents: profileAgents(profile),
  });
}

/**
 * The profile's ACD as the console last saved it, and the console's clock now; no file (no console has run
 * in this home): the ACD as configured, at the wall clock.
 */
export async function loadAcdState(home: string, profile: Profile): Promise<{ acd: LocalAcd; at: Date }> {
  const acd = profileAcd(profile);
  const text = await readFile(acdStatePath(home), 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (text === undefined) return { acd, at: new Date() };
  const parsed = AcdStateSchema.safeParse(JSON.parse(text));
  if (!parsed.success || parsed.data.profile !== profile.id) return { acd, at: new Date() };
  const state = parsed.data;
  for (const s of state.agents) {
    const agent = acd.agent(s.id);
    if (!agent) continue;
    agent.state = s.state;
    agent.lastActivityAt = s.lastActivityAt;
    agent.stateSince = s.stateSince;
    agent.busyUntil = s.busyUntil ?? undefined;
    agent.contactId = s.contactId ?? undefined;
  }
  for (const w of state.waiting) {
    if (acd.queue(w.queueArn))
      acd.enqueue({
        contactId: w.contactId,
        queue: w.queueArn,
        enqueuedAt: w.enqueuedAt,
        priority: w.priority,
      });
  }
  return { acd, at: new Date(state.clockAt + Math.max(0, Date.now() - state.savedAt)) };
}

/** The wallboard source over a local ACD: `load` gives the ACD and its clock; `today` the day's figures. */
export class LocalAcdWallboardSource implements WallboardSource {
  constructor(
    private readonly load: () => Promise<{ acd: LocalAcd; at: Date }>,
    private readonly today?: (at: Date) => Promise<ReadonlyMap<string, QueueToday>>,
  ) {}

  async snapshot(): Promise<WallboardSnapshot> {
    const { acd, at } = await this.load();
    return snapshotOfAcd(acd, at, this.today ? await this.today(at) : undefined);
  }
}
