import Alert from '@cloudscape-design/components/alert';
import Badge from '@cloudscape-design/components/badge';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import ExpandableSection from '@cloudscape-design/components/expandable-section';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { useEffect, useRef, useState } from 'react';
import type { AgentTile, QueueTile } from '../../../schemas/supervision';
import type { LiveCall, WallboardResponse } from '../../../schemas/supervisor-api';
import { api } from '../api';
import { useApp } from '../context';
import { duration, isSupervisor, pct, SUPERVISOR_WORDS, type SupervisorWords } from '../supervisor-i18n';

const RED = '#d91515';

/** A tile: a bordered box, red when its threshold is breached. */
function Tile({ breach, children, testId }: { breach: boolean; children: React.ReactNode; testId: string }) {
  return (
    <div
      data-testid={testId}
      data-breach={breach ? 'true' : 'false'}
      style={{
        border: `2px solid ${breach ? RED : '#d1d5db'}`,
        background: breach ? '#fff1f0' : '#ffffff',
        borderRadius: 12,
        padding: '12px 16px',
      }}
    >
      {children}
    </div>
  );
}

/** One figure of a tile: a small label over a large value. */
function Figure({ label, children, red }: { label: string; children: React.ReactNode; red?: boolean }) {
  return (
    <div>
      <Box variant="awsui-key-label" fontSize="body-s">
        {label}
      </Box>
      <div style={{ fontSize: 22, fontWeight: 700, lineHeight: '28px', color: red ? RED : undefined }}>
        {children}
      </div>
    </div>
  );
}

function QueueTileView({ q, w }: { q: QueueTile; w: SupervisorWords }) {
  const a = q.agents;
  return (
    <Tile breach={q.breach} testId={`queue-tile-${q.id}`}>
      <SpaceBetween size="xs">
        <Box variant="h3">
          {q.name} {q.breach ? <Badge color="red">{w.breach}</Badge> : null}
        </Box>
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(4, 1fr)', gap: 8 }}>
          <Figure label={w.waiting} red={q.breach}>
            <span data-testid="queue-waiting">{q.waiting}</span>
          </Figure>
          <Figure label={w.longestWait} red={q.breach}>
            {duration(q.longestWaitSeconds)}
          </Figure>
          <Figure label={w.serviceLevel} red={q.serviceLevelMet === false}>
            {pct(q.serviceLevelPercent)}
          </Figure>
          <Figure label={w.abandonment}>{pct(q.abandonmentPercent)}</Figure>
        </div>
        <Box fontSize="body-s" color="text-body-secondary">
          <span data-testid="queue-service-level">
            {q.today
              ? `${w.serviceLevel} (${q.today.answeredInThreshold}/${q.today.queued}) · ${w.abandonment} (${q.today.abandoned}/${q.today.queued})`
              : `${w.serviceLevel} —`}
          </span>
        </Box>
        <Box fontSize="body-s" color="text-body-secondary">
          {w.available} {a.available} · {w.onContact} {a.onContact} · {w.acw} {a.acw} · {w.offline}{' '}
          {a.offline ?? '—'}
        </Box>
      </SpaceBetween>
    </Tile>
  );
}

const STATE_TYPE = {
  available: 'success',
  on_contact: 'in-progress',
  acw: 'pending',
  offline: 'stopped',
  other: 'info',
} as const;

function stateLabel(a: AgentTile, w: SupervisorWords): string {
  return {
    available: w.available,
    on_contact: w.onContact,
    acw: w.acw,
    offline: w.offline,
    other: `${w.other} (${a.stateLabel})`,
  }[a.state];
}

/** Unique keys for transcript lines (the same prompt can play twice at the same moment). */
function keyed<T extends { at: string; text: string }>(lines: readonly T[]): { key: string; line: T }[] {
  const seen = new Map<string, number>();
  return lines.map((line) => {
    const base = `${line.at}|${line.text}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return { key: `${base}|${n}`, line };
  });
}

function LiveCallView({
  call,
  w,
  onListen,
  canListen,
}: {
  call: LiveCall;
  w: SupervisorWords;
  onListen: (contactId: string) => void;
  canListen: boolean;
}) {
  const state = { ivr: w.ivr, queued: w.queued, connected: w.connected, ended: w.ended }[call.state];
  return (
    <ExpandableSection
      defaultExpanded
      variant="container"
      headerText={`${call.caller ?? '—'} · ${state}${call.queue ? ` · ${call.queue}` : ''}${call.agentId ? ` · ${call.agentId}` : ''}`}
      headerActions={
        canListen ? <Button onClick={() => onListen(call.contactId)}>{w.listenIn}</Button> : null
      }
    >
      <div data-testid="live-transcript" data-contact={call.contactId}>
        {keyed(call.lines).map(({ key, line: l }) => (
          <Box key={key} fontSize="body-s" color={l.kind === 'event' ? 'text-status-info' : undefined}>
            {l.kind === 'prompt' ? '▸ ' : l.kind === 'keys' ? '☎ ' : '→ '}
            {l.text}
          </Box>
        ))}
      </div>
    </ExpandableSection>
  );
}

export default function WallboardPage() {
  const { lang, session } = useApp();
  const w = SUPERVISOR_WORDS[lang];
  const [data, setData] = useState<WallboardResponse | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState<{ text: string; url?: string } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const allowed = isSupervisor(session.role);

  // Polling: the next request goes out `pollSeconds` after the last answer (never two at once).
  useEffect(() => {
    if (!allowed) return;
    let stopped = false;
    const tick = async () => {
      let next = 5;
      try {
        const r = await api<WallboardResponse>('GET', '/api/supervisor/wallboard');
        if (stopped) return;
        setData(r);
        setError('');
        next = r.pollSeconds;
      } catch (e) {
        if (!stopped) setError((e as Error).message);
      }
      if (!stopped) timer.current = setTimeout(tick, next * 1000);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer.current);
    };
  }, [allowed]);

  if (!allowed)
    return (
      <ContentLayout header={<Header variant="h1">{w.wallboard}</Header>}>
        <Alert type="error" data-testid="forbidden">
          {w.needsSupervisor}
        </Alert>
      </ContentLayout>
    );

  const listen = async (contactId: string) => {
    try {
      const r = await api<{ mode: string; ccpUrl?: string }>('POST', '/api/supervisor/listen-in', {
        contactId,
      });
      setNotice(r.ccpUrl ? { text: w.listenInStarted, url: r.ccpUrl } : null);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const board = data?.board;
  const liveByContact = new Map((data?.liveCalls ?? []).map((c) => [c.contactId, c]));
  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          description={
            data
              ? `${w.source}: ${data.source === 'local' ? w.sourceLocal : w.sourceConnect} · ${w.every} ${data.pollSeconds} s · ${w.updated} ${new Date(board?.at ?? '').toLocaleTimeString(lang)}`
              : ''
          }
        >
          {w.wallboard}
        </Header>
      }
    >
      <SpaceBetween size="l">
        {error ? <Alert type="error">{error}</Alert> : null}
        {notice ? (
          <Alert
            type="success"
            action={
              notice.url ? (
                <Button href={notice.url} target="_blank" iconName="external">
                  {w.openCcp}
                </Button>
              ) : null
            }
          >
            {notice.text}
          </Alert>
        ) : null}
        {board ? (
          <>
            <Container header={<Header variant="h2">{w.queues}</Header>}>
              <div
                data-testid="wallboard"
                style={{
                  display: 'grid',
                  gap: 16,
                  gridTemplateColumns: 'repeat(auto-fill, minmax(340px, 1fr))',
                }}
              >
                {board.queues.map((q) => (
                  <QueueTileView key={q.id} q={q} w={w} />
                ))}
              </div>
              <Box margin={{ top: 's' }} fontSize="body-s" color="text-body-secondary">
                {w.serviceLevel}: {w.target} {board.serviceLevel.targetPercent}% /{' '}
                {board.serviceLevel.thresholdSeconds} s
              </Box>
            </Container>
            <Table
              header={
                <Header variant="h2" counter={`(${board.agents.length})`}>
                  {w.agents}
                </Header>
              }
              items={board.agents}
              trackBy="id"
              variant="container"
              columnDefinitions={[
                {
                  id: 'name',
                  header: w.agent,
                  cell: (a) => (
                    <span
                      data-testid={`agent-row-${a.id}`}
                      data-breach={a.breach ? 'true' : 'false'}
                      data-state={a.state}
                    >
                      {a.name}{' '}
                      <Box variant="small" display="inline">
                        ({a.id})
                      </Box>
                    </span>
                  ),
                },
                {
                  id: 'state',
                  header: w.state,
                  cell: (a) =>
                    a.breach ? (
                      <span style={{ color: RED, fontWeight: 700 }}>
                        <StatusIndicator type="error">{stateLabel(a, w)}</StatusIndicator>
                      </span>
                    ) : (
                      <StatusIndicator type={STATE_TYPE[a.state]}>{stateLabel(a, w)}</StatusIndicator>
                    ),
                },
                {
                  id: 'time',
                  header: w.timeInState,
                  cell: (a) => (
                    <span style={{ color: a.breach ? RED : undefined }}>{duration(a.secondsInState)}</span>
                  ),
                },
                {
                  id: 'contact',
                  header: w.contact,
                  cell: (a) => {
                    if (!a.contactId) return '—';
                    const live = liveByContact.get(a.contactId);
                    const last = live?.lines.at(-1);
                    return (
                      <SpaceBetween size="xxs">
                        <SpaceBetween direction="horizontal" size="xs">
                          <Box variant="code">{a.contactId.slice(0, 8)}</Box>
                          {data?.listenIn ? (
                            <Button variant="inline-link" onClick={() => void listen(a.contactId as string)}>
                              {w.listenIn}
                            </Button>
                          ) : null}
                        </SpaceBetween>
                        {last ? (
                          <Box
                            fontSize="body-s"
                            color="text-body-secondary"
                            data-testid={`agent-live-${a.id}`}
                          >
                            {last.kind === 'prompt' ? '▸ ' : last.kind === 'keys' ? '☎ ' : '→ '}
                            {last.text}
                          </Box>
                        ) : null}
                      </SpaceBetween>
                    );
                  },
                },
                { id: 'personal', header: w.personalQueue, cell: (a) => a.personalQueueWaiting || '—' },
              ]}
            />
            <Container header={<Header variant="h2">{w.liveCalls}</Header>}>
              {data?.liveCalls.length ? (
                <SpaceBetween size="s">
                  {data.liveCalls.map((c) => (
                    <LiveCallView
                      key={c.contactId}
                      call={c}
                      w={w}
                      onListen={listen}
                      canListen={data.listenIn}
                    />
                  ))}
                </SpaceBetween>
              ) : (
                <Box color="text-body-secondary">{w.noLiveCalls}</Box>
              )}
            </Container>
          </>
        ) : null}
      </SpaceBetween>
    </ContentLayout>
  );
}
