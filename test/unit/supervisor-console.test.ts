/**
 * The supervisor console's machinery that has no I/O: one wallboard refresh shared by every viewer (the bound on
 * Connect API calls whatever the number of viewers), the local live transcripts (what they keep, what they mask,
 * how long an ended call stays), and the performance rows listing every agent.
 */
import { describe, expect, it } from 'vitest';
import { sharedRefresh } from '../../functions/api/supervision-deps.js';
import { performanceRows } from '../../functions/api/supervisor-routes.js';
import type { RefreshResult } from '../../functions/use-cases/supervision/refresh-wallboard.js';
import { LiveCalls } from '../../infra/local/supervisor-local.js';
import type { CallEvent } from '../../schemas/contact-record.js';

const result = (n: number) => ({ board: { at: String(n) }, notified: [] }) as unknown as RefreshResult;

describe('sharedRefresh', () => {
  it('serves every concurrent and recent viewer from one refresh, and refreshes once the interval has passed', async () => {
    let now = 0;
    let calls = 0;
    let release: (() => void) | undefined;
    const refresh = sharedRefresh(
      () =>
        new Promise<RefreshResult>((res) => {
          calls++;
          release = () => res(result(calls));
        }),
      15_000,
      () => now,
    );
    const viewers = Array.from({ length: 50 }, () => refresh());
    release?.();
    const boards = await Promise.all(viewers);
    expect(calls).toBe(1);
    expect(new Set(boards).size).toBe(1);

    now = 14_999;
    expect(await refresh()).toBe(boards[0]);
    expect(calls).toBe(1);

    now = 15_000;
    const next = refresh();
    release?.();
    expect((await next).board.at).toBe('2');
    expect(calls).toBe(2);
  });

  it('does not keep a failed refresh: the next viewer tries again', async () => {
    let calls = 0;
    const refresh = sharedRefresh(async () => {
      calls++;
      if (calls === 1) throw new Error('throttled');
      return result(calls);
    }, 15_000);
    await expect(refresh()).rejects.toThrow('throttled');
    expect((await refresh()).board.at).toBe('2');
  });
});

describe('LiveCalls', () => {
  const event = (kind: CallEvent['kind'], text: string): CallEvent => ({
    at: '2026-11-30T02:00:00.000Z',
    kind,
    text,
  });

  it('keeps the transcript of a call in progress, masking the number and stored entries', () => {
    let now = 0;
    const live = new LiveCalls(() => now);
    const opts = live.follow({ contactId: 'c-1', from: '+8613520003003', at: new Date(0) });
    const on = opts.onEvent as (e: CallEvent) => void;
    on(event('prompt', '欢迎致电<break time="300ms"/>请按 1'));
    on(event('input', 'keys 2'));
    on(event('input', 'stored input 230102000202'));
    on(event('queue', 'enqueued in Insurance claims (priority 5)'));
    on(event('agent', 'agent agent-liu accepted after 0 s in queue'));
    const [call] = live.list();
    expect(call).toMatchObject({
      contactId: 'c-1',
      caller: '••••••••••3003',
      state: 'connected',
      queue: 'Insurance claims',
      agentId: 'agent-liu',
    });
    expect(call?.lines.map((l) => [l.kind, l.text])).toEqual([
      ['prompt', '欢迎致电 … 请按 1'],
      ['keys', 'keys 2'],
      ['keys', 'stored input ••••••••••02'],
      ['event', 'enqueued in Insurance claims (priority 5)'],
      ['event', 'agent agent-liu accepted after 0 s in queue'],
    ]);

    live.ended('c-1');
    now = 60_000;
    expect(live.list()[0]?.state).toBe('ended');
    now = 60_001;
    expect(live.list()).toEqual([]);
  });

  it('passes the events on to the caller’s own handler', () => {
    const seen: string[] = [];
    const live = new LiveCalls();
    const opts = live.follow({ contactId: 'c-2', onEvent: (e) => seen.push(e.text) });
    (opts.onEvent as (e: CallEvent) => void)(event('prompt', 'hello'));
    expect(seen).toEqual(['hello']);
  });
});

describe('performanceRows', () => {
  it('lists every agent, with zeros for those without a contact and the query’s measures for the others', () => {
    const rows = performanceRows(
      [
        { id: 'agent-liu', name: '刘静' },
        { id: 'agent-hu', name: '胡敏' },
      ],
      [{ agent: 'agent-liu', contacts_handled: 3, avg_talk_seconds: 60, csat: 0.5, transfers: 1 }],
    );
    expect(rows.map((r) => [r.agent, r.name, r.contacts_handled, r.avg_talk_seconds, r.csat])).toEqual([
      ['agent-liu', '刘静', 3, 60, 0.5],
      ['agent-hu', '胡敏', 0, null, null],
    ]);
  });
});
