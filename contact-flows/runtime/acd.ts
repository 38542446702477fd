import { alwaysOpen, type HoursOfOperation, toMs } from './time.js';

/**
 * A local ACD (automatic call distributor): queues, hours, agents with routing profiles, and contacts waiting.
 * It is state, kept across the calls of one runtime (so a test can make an agent Busy, add waiting contacts,
 * look at who took what), and it is driven by simulated time: every method that depends on time takes `now`.
 *
 * Routing, as Connect documents it (AG "routing profiles", "queue priority", "change routing priority"):
 * a contact can go to an agent who is Available and whose routing profile serves its queue, once it has waited
 * that queue's `delay`. Among all such (agent, contact) pairs the ACD prefers, in order:
 * 1. the routing profile's priority for the queue (1 first);
 * 2. the contact's routing priority (lower first; default 5);
 * 3. the contact's age (oldest first; `QueueTimeAdjustmentSeconds` makes it older);
 * 4. the agent who has been idle longest.
 * An agent queue serves only its agent; it ranks ahead of every standard queue (priority 0 here; how Connect
 * ranks agent queues against routing-profile queues is unverified).
 */

export type AgentState = 'Available' | 'Busy' | 'AfterContactWork' | 'NonProductive' | 'Offline';
export type QueueType = 'STANDARD' | 'AGENT';

export interface QueueConfig {
  readonly arn: string;
  readonly name: string;
  /** Hours used by CheckHoursOfOperation without HoursOfOperationId. */
  readonly hoursArn?: string;
  /** QueueAtCapacity when this many contacts are already waiting. */
  readonly maxContacts?: number;
  readonly type?: QueueType;
  /** `$.Queue.OutboundCallerId.Address`. */
  readonly outboundCallerId?: string;
  /** A contact transferred here ends as `voicemail` (its customer queue flow still runs, no agent picks up). */
  readonly voicemail?: boolean;
}

export interface RoutingProfileQueue {
  /** Queue ARN (or ID). */
  readonly queueArn: string;
  /** 1 (first) to 99. */
  readonly priority: number;
  /** Seconds a contact waits before agents with this profile see it. */
  readonly delay?: number;
}

export interface AgentConfig {
  readonly id: string;
  /** Default: `<instance ARN>/agent/<id>`. */
  readonly arn?: string;
  readonly username: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly routingProfile: {
    readonly arn?: string;
    readonly name?: string;
    readonly queues: readonly RoutingProfileQueue[];
  };
  /** Default Available. */
  readonly state?: AgentState;
  /** For longest-idle: when the agent last finished something (default: the start of time). */
  readonly lastActivityAt?: Date | string;
}

export interface Queue {
  readonly arn: string;
  readonly id: string;
  readonly name: string;
  readonly hoursArn: string | undefined;
  readonly maxContacts: number | undefined;
  readonly type: QueueType;
  readonly outboundCallerId: string | undefined;
  readonly voicemail: boolean;
  /** For an agent queue: the agent's ID. */
  readonly agentId: string | undefined;
}

export interface Agent {
  readonly id: string;
  readonly arn: string;
  readonly username: string;
  readonly firstName: string | undefined;
  readonly lastName: string | undefined;
  readonly routingProfile: {
    readonly arn: string;
    readonly name: string;
    readonly queues: readonly RoutingProfileQueue[];
  };
  state: AgentState;
  /** Epoch ms. */
  lastActivityAt: number;
  /** When the agent entered its current state (epoch ms; for the wallboard's time in state). */
  stateSince: number;
  /** When a Busy agent finishes the contact it is on (epoch ms); undefined: Busy until told otherwise. */
  busyUntil: number | undefined;
  /** The contact the agent is on. */
  contactId: string | undefined;
  /** The agent's personal queue. */
  readonly queueArn: string;
}

export interface WaitingContact {
  readonly contactId: string;
  readonly queueArn: string;
  priority: number;
  /** Epoch ms. */
  readonly enqueuedAt: number;
  timeAdjustmentSeconds: number;
  /** How long the agent will be busy with it once accepted. */
  readonly talkSeconds: number;
  /** Insertion order, to keep ties deterministic. */
  readonly seq: number;
}

export interface NewWaitingContact {
  readonly contactId: string;
  /** Queue ARN or ID. */
  readonly queue: string;
  readonly priority?: number;
  readonly enqueuedAt: Date | string | number;
  readonly timeAdjustmentSeconds?: number;
  readonly talkSeconds?: number;
}

export interface Assignment {
  readonly contactId: string;
  readonly queueArn: string;
  readonly agentId: string;
  /** Epoch ms. */
  readonly at: number;
}

export interface AgentCounts {
  readonly online: number;
  readonly available: number;
  readonly staffed: number;
  readonly afterContactWork: number;
  readonly busy: number;
  readonly missed: number;
  readonly nonProductive: number;
}

export interface LocalAcdOptions {
  readonly instanceArn: string;
  readonly queues?: readonly QueueConfig[];
  readonly hours?: readonly HoursOfOperation[];
  readonly agents?: readonly AgentConfig[];
  /** How long an agent stays Busy with a contact added by `addWaitingContact` (default 300 s). */
  readonly defaultTalkSeconds?: number;
}

export const DEFAULT_PRIORITY = 5;

/** A routing-profile entry with this `queueArn` serves every standard queue (agents given with `--agents`). */
export const ANY_QUEUE = '*';

/** The last path segment of an ARN (`…/queue/<id>` → `<id>`). */
export function idOf(arnOrId: string): string {
  const slash = arnOrId.lastIndexOf('/');
  return slash >= 0 ? arnOrId.slice(slash + 1) : arnOrId;
}

export class LocalAcd {
  readonly instanceArn: string;
  readonly defaultTalkSeconds: number;
  readonly #queues = new Map<string, Queue>();
  readonly #hours = new Map<string, HoursOfOperation>();
  readonly #agents = new Map<string, Agent>();
  readonly #waiting: WaitingContact[] = [];
  #seq = 0;

  constructor(options: LocalAcdOptions) {
    this.instanceArn = options.instanceArn;
    this.defaultTalkSeconds = options.defaultTalkSeconds ?? 300;
    for (const h of options.hours ?? []) this.addHours(h);
    for (const q of options.queues ?? []) this.addQueue(q);
    for (const a of options.agents ?? []) this.addAgent(a);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Configuration

  addQueue(config: QueueConfig): Queue {
    const queue: Queue = {
      arn: config.arn,
      id: idOf(config.arn),
      name: config.name,
      hoursArn: config.hoursArn,
      maxContacts: config.maxContacts,
      type: config.type ?? 'STANDARD',
      outboundCallerId: config.outboundCallerId,
      voicemail: config.voicemail ?? false,
      agentId: undefined,
    };
    this.#queues.set(queue.arn, queue);
    return queue;
  }

  addHours(hours: HoursOfOperation): HoursOfOperation {
    this.#hours.set(hours.arn, hours);
    return hours;
  }

  addAgent(config: AgentConfig): Agent {
    const arn = config.arn ?? `${this.instanceArn}/agent/${config.id}`;
    const queueArn = `${this.instanceArn}/queue/agent/${config.id}`;
    const agent: Agent = {
      id: config.id,
      arn,
      username: config.username,
      firstName: config.firstName,
      lastName: config.lastName,
      routingProfile: {
        arn: config.routingProfile.arn ?? `${this.instanceArn}/routing-profile/${config.id}-profile`,
        name: config.routingProfile.name ?? `${config.username} routing profile`,
        queues: config.routingProfile.queues,
      },
      state: config.state ?? 'Available',
      lastActivityAt: config.lastActivityAt === undefined ? 0 : toMs(config.lastActivityAt),
      stateSince: config.lastActivityAt === undefined ? 0 : toMs(config.lastActivityAt),
      busyUntil: undefined,
      contactId: undefined,
      queueArn,
    };
    this.#agents.set(agent.id, agent);
    this.#queues.set(queueArn, {
      arn: queueArn,
      id: idOf(queueArn),
      name: config.username,
      hoursArn: undefined,
      maxContacts: undefined,
      type: 'AGENT',
      outboundCallerId: undefined,
      voicemail: false,
      agentId: agent.id,
    });
    return agent;
  }

  /** A queue by ARN or ID. */
  queue(ref: string): Queue | undefined {
    const exact = this.#queues.get(ref);
    if (exact) return exact;
    const id = idOf(ref);
    for (const q of this.#queues.values()) if (q.id === id && q.type === 'STANDARD') return q;
    return undefined;
  }

  /** Hours by ARN or ID. */
  hours(ref: string): HoursOfOperation | undefined {
    const exact = this.#hours.get(ref);
    if (exact) return exact;
    const id = idOf(ref);
    for (const h of this.#hours.values()) if (idOf(h.arn) === id) return h;
    return undefined;
  }

  /** An agent by ID, ARN or username. */
  agent(ref: string): Agent | undefined {
    const byId = this.#agents.get(ref) ?? this.#agents.get(idOf(ref));
    if (byId) return byId;
    for (const a of this.#agents.values()) if (a.arn === ref || a.username === ref) return a;
    return undefined;
  }

  queues(): Queue[] {
    return [...this.#queues.values()];
  }

  agents(): Agent[] {
    return [...this.#agents.values()];
  }

  /** Sets an agent's state (at `now`: an agent becoming Available starts being idle then). */
  setAgentState(ref: string, state: AgentState, now?: Date | number): Agent {
    const agent = this.agent(ref);
    if (!agent) throw new Error(`unknown agent "${ref}"`);
    const at = now === undefined ? undefined : toMs(now);
    if (state !== agent.state && at !== undefined) {
      agent.lastActivityAt = at;
      agent.stateSince = at;
    }
    agent.state = state;
    agent.busyUntil = undefined;
    if (state !== 'Busy') agent.contactId = undefined;
    return agent;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Contacts in queue

  /** Whether the queue already holds its maximum number of waiting contacts. */
  atCapacity(queueArn: string): boolean {
    const queue = this.#queues.get(queueArn);
    if (queue?.maxContacts === undefined) return false;
    return this.#waiting.filter((w) => w.queueArn === queueArn).length >= queue.maxContacts;
  }

  /** Puts a contact in queue (the caller checks capacity first: see `atCapacity`). */
  enqueue(contact: NewWaitingContact): WaitingContact {
    const queue = this.queue(contact.queue);
    if (!queue) throw new Error(`unknown queue "${contact.queue}"`);
    const waiting: WaitingContact = {
      contactId: contact.contactId,
      queueArn: queue.arn,
      priority: contact.priority ?? DEFAULT_PRIORITY,
      enqueuedAt: toMs(contact.enqueuedAt),
      timeAdjustmentSeconds: contact.timeAdjustmentSeconds ?? 0,
      talkSeconds: contact.talkSeconds ?? this.defaultTalkSeconds,
      seq: this.#seq++,
    };
    this.#waiting.push(waiting);
    return waiting;
  }

  /** A contact waiting from before (another caller): it competes for agents and counts in metrics. */
  addWaitingContact(contact: NewWaitingContact): WaitingContact {
    return this.enqueue(contact);
  }

  /** Takes a contact out of its queue (hang-up, callback, transfer); returns it if it was waiting. */
  remove(contactId: string): WaitingContact | undefined {
    const i = this.#waiting.findIndex((w) => w.contactId === contactId);
    if (i < 0) return undefined;
    const [removed] = this.#waiting.splice(i, 1);
    return removed;
  }

  /** Waiting contacts, optionally of one queue, in the order the ACD would serve them. */
  waiting(queueArn?: string): WaitingContact[] {
    return this.#waiting.filter((w) => queueArn === undefined || w.queueArn === queueArn).sort(byContactRank);
  }

  isWaiting(contactId: string): boolean {
    return this.#waiting.some((w) => w.contactId === contactId);
  }

  /** 1-based position among the contacts of its queue, in serving order. */
  position(contactId: string): number | undefined {
    const me = this.#waiting.find((w) => w.contactId === contactId);
    if (!me) return undefined;
    return this.waiting(me.queueArn).findIndex((w) => w.contactId === contactId) + 1;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Routing

  /**
   * An agent's state at `now`: a Busy agent whose contact ends by then (`busyUntil`) is Available, idle since
   * that end. Computed, not stored, so a later call may start before an earlier one ended (overlapping calls).
   */
  stateAt(ref: string | Agent, now: Date | number): { state: AgentState; lastActivityAt: number } {
    const agent = typeof ref === 'string' ? this.agent(ref) : ref;
    if (!agent) throw new Error(`unknown agent "${String(ref)}"`);
    const at = toMs(now);
    if (agent.state === 'Busy' && agent.busyUntil !== undefined && agent.busyUntil <= at) {
      return { state: 'Available', lastActivityAt: agent.busyUntil };
    }
    return { state: agent.state, lastActivityAt: agent.lastActivityAt };
  }

  /** When the agent entered the state it is in at `now` (epoch ms; a finished Busy spell ends at `busyUntil`). */
  stateSinceAt(ref: string | Agent, now: Date | number): number {
    const agent = typeof ref === 'string' ? this.agent(ref) : ref;
    if (!agent) throw new Error(`unknown agent "${String(ref)}"`);
    if (agent.state === 'Busy' && agent.busyUntil !== undefined && agent.busyUntil <= toMs(now))
      return agent.busyUntil;
    return agent.stateSince;
  }

  /** Matches available agents with waiting contacts at `now`, as many as possible; returns what it assigned. */
  dispatch(now: Date | number): Assignment[] {
    const at = toMs(now);
    const assigned: Assignment[] = [];
    for (;;) {
      let best: { agent: Agent; idleSince: number; contact: WaitingContact; rank: number } | undefined;
      for (const agent of this.#agents.values()) {
        const { state, lastActivityAt: idleSince } = this.stateAt(agent, at);
        if (state !== 'Available') continue;
        for (const contact of this.#waiting) {
          const rank = this.#serves(agent, contact, at);
          if (rank === undefined) continue;
          const better =
            !best ||
            (rank - best.rank ||
              byContactRank(contact, best.contact) ||
              idleSince - best.idleSince ||
              agent.id.localeCompare(best.agent.id)) < 0;
          if (better) best = { agent, idleSince, contact, rank };
        }
      }
      if (!best) return assigned;
      const { agent, contact, idleSince } = best;
      this.remove(contact.contactId);
      agent.lastActivityAt = idleSince;
      agent.state = 'Busy';
      agent.stateSince = at;
      agent.contactId = contact.contactId;
      agent.busyUntil = at + contact.talkSeconds * 1000;
      assigned.push({ contactId: contact.contactId, queueArn: contact.queueArn, agentId: agent.id, at });
    }
  }

  /** The routing-profile priority with which `agent` may take `contact` now, or undefined. */
  #serves(agent: Agent, contact: WaitingContact, now: number): number | undefined {
    if (contact.queueArn === agent.queueArn) return 0;
    const queue = this.#queues.get(contact.queueArn);
    if (!queue || queue.type === 'AGENT') return undefined;
    let best: number | undefined;
    for (const rq of agent.routingProfile.queues) {
      if (rq.queueArn !== queue.arn && rq.queueArn !== queue.id && rq.queueArn !== ANY_QUEUE) continue;
      if (now - contact.enqueuedAt < (rq.delay ?? 0) * 1000) continue;
      if (best === undefined || rq.priority < best) best = rq.priority;
    }
    return best;
  }

  /**
   * The next moment after `now` at which routing could change without anyone acting: a busy agent finishing,
   * or a waiting contact passing a routing-profile delay.
   */
  nextWakeUp(now: Date | number): number | undefined {
    const at = toMs(now);
    let next: number | undefined;
    const consider = (t: number) => {
      if (t > at && (next === undefined || t < next)) next = t;
    };
    for (const a of this.#agents.values()) {
      if (a.state === 'Busy' && a.busyUntil !== undefined) consider(a.busyUntil);
      for (const rq of a.routingProfile.queues) {
        if (!rq.delay) continue;
        for (const w of this.#waiting) {
          if (rq.queueArn === w.queueArn || rq.queueArn === idOf(w.queueArn) || rq.queueArn === ANY_QUEUE)
            consider(w.enqueuedAt + rq.delay * 1000);
        }
      }
    }
    return next;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Metrics

  /** Contacts waiting in a queue and the age of the oldest (seconds; undefined when empty). */
  queueMetrics(queueArn: string, now: Date | number): { size: number; oldestAgeSeconds: number | undefined } {
    const at = toMs(now);
    const mine = this.#waiting.filter((w) => w.queueArn === queueArn);
    if (mine.length === 0) return { size: 0, oldestAgeSeconds: undefined };
    const oldest = Math.min(...mine.map((w) => w.enqueuedAt));
    return { size: mine.length, oldestAgeSeconds: Math.max(0, Math.floor((at - oldest) / 1000)) };
  }

  /**
   * Agents of a queue (routing profile serves it; for an agent queue, its agent) by state. Online: not Offline;
   * Staffed: Available, Busy or in after-contact work (not in a non-productive status). Missed is always 0.
   */
  agentMetrics(queueArn: string, now: Date | number): AgentCounts {
    const at = toMs(now);
    const queue = this.#queues.get(queueArn);
    const agents = [...this.#agents.values()].filter((a) =>
      queue?.type === 'AGENT'
        ? a.id === queue.agentId
        : a.routingProfile.queues.some(
            (rq) => rq.queueArn === queueArn || rq.queueArn === idOf(queueArn) || rq.queueArn === ANY_QUEUE,
          ),
    );
    const states = agents.map((a) => this.stateAt(a, at).state);
    const count = (...wanted: AgentState[]) => states.filter((st) => wanted.includes(st)).length;
    return {
      online: count('Available', 'Busy', 'AfterContactWork', 'NonProductive'),
      available: count('Available'),
      staffed: count('Available', 'Busy', 'AfterContactWork'),
      afterContactWork: count('AfterContactWork'),
      busy: count('Busy'),
      missed: 0,
      nonProductive: count('NonProductive'),
    };
  }

  /**
   * Creates a queue on the fly, open 24/7, with one available stub agent (for console exports); `withAgent`
   * false when the caller set its own agents (`--agents`).
   */
  createStubQueue(arn: string, name?: string, withAgent = true): Queue {
    const id = idOf(arn);
    const hoursArn = `${this.instanceArn}/operating-hours/stub-24x7`;
    if (!this.#hours.has(hoursArn)) this.addHours(alwaysOpen(hoursArn, 'Stub hours (open 24/7)'));
    const queue = this.addQueue({ arn, name: name ?? `Stub queue ${id}`, hoursArn });
    if (!withAgent) return queue;
    this.addAgent({
      id: `stub-agent-${id}`,
      username: `stub-agent-${id.slice(0, 8)}`,
      firstName: 'Stub',
      lastName: 'Agent',
      routingProfile: { name: 'Stub routing profile', queues: [{ queueArn: arn, priority: 1 }] },
    });
    return queue;
  }
}

function effectiveAge(contact: WaitingContact): number {
  return contact.enqueuedAt - contact.timeAdjustmentSeconds * 1000;
}

function byContactRank(a: WaitingContact, b: WaitingContact): number {
  return a.priority - b.priority || effectiveAge(a) - effectiveAge(b) || a.seq - b.seq;
}
