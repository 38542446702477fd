import Alert from '@cloudscape-design/components/alert';
import Badge from '@cloudscape-design/components/badge';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SegmentedControl from '@cloudscape-design/components/segmented-control';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import Textarea from '@cloudscape-design/components/textarea';
import { useCallback, useEffect, useState } from 'react';
import type { Answer, Evaluation, ReviewItem, Scorecard } from '../../../schemas/supervision';
import { api, apiObjectUrl } from '../api';
import { useApp } from '../context';
import { isSupervisor, pct, SUPERVISOR_WORDS, type SupervisorWords } from '../supervisor-i18n';

interface QaCall {
  contactId: string;
  record?: { agentId?: string; initiatedAt: string; queue?: string; callerNumber?: string };
  transcript?: { turns: { speaker: string; start: number; end: number; text: string }[] };
  survey?: { score: number };
  recordingUrl?: string;
  flags: { kind: string; at?: number; detail: string }[];
  evaluation?: Evaluation;
}

const reasonText = (w: SupervisorWords, r: string) => (w as Record<string, string>)[`reason_${r}`] ?? r;

/** An evaluation's score and verdict. */
export function ScoreBadge({ e, w }: { e: Evaluation; w: SupervisorWords }) {
  return (
    <SpaceBetween direction="horizontal" size="xs">
      <Box variant="strong" data-testid="evaluation-score">
        {pct(e.scorePercent, 1)}
      </Box>
      {e.passed ? (
        <StatusIndicator type="success">{w.passed}</StatusIndicator>
      ) : (
        <StatusIndicator type="error">
          {w.failed}
          {e.autoFailed ? ` (${e.autoFailQuestions.join(', ')})` : ''}
        </StatusIndicator>
      )}
    </SpaceBetween>
  );
}

/** The scorecard with an evaluation's answers (read only). */
export function EvaluationDetail({ e, card, w }: { e: Evaluation; card: Scorecard; w: SupervisorWords }) {
  const label = { yes: w.yes, no: w.no, na: w.na } as const;
  return (
    <SpaceBetween size="xs">
      {card.sections.map((s) => (
        <div key={s.key}>
          <Box variant="h4">
            {s.title} — {e.sectionScores[s.key] === null ? w.na : pct(e.sectionScores[s.key] ?? null)}
          </Box>
          {s.questions.map((q) => (
            <Box key={q.key} fontSize="body-s">
              {e.answers[q.key] === 'no' ? '✗' : e.answers[q.key] === 'yes' ? '✓' : '–'} {q.title}:{' '}
              {label[e.answers[q.key] ?? 'na']}
            </Box>
          ))}
        </div>
      ))}
      {e.comments.map((c) => (
        <Box key={`${c.at}-${c.by}`} fontSize="body-s">
          {c.by} ({c.role}, {new Date(c.at).toLocaleString()}): {c.text}
        </Box>
      ))}
    </SpaceBetween>
  );
}

interface RecordingLink {
  url: string;
  /** A presigned S3 URL (AWS): played as it is. Else the API's route, fetched with the bearer token. */
  direct: boolean;
  expiresAt?: string;
}

/**
 * The call's recording. The API says where to get it (`recording-link`): in AWS a short-lived presigned S3 URL the
 * <audio> plays straight from S3 (any size); locally the API's route, fetched with the bearer token into a blob.
 * A presigned URL that stopped working (expired) is asked for again once.
 */
function Recording({ contactId, has, w }: { contactId: string; has: boolean; w: SupervisorWords }) {
  const [src, setSrc] = useState<string | null>(null);
  const [direct, setDirect] = useState(false);
  const [error, setError] = useState('');
  const [renewals, setRenewals] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a change of `renewals` asks for a new link
  useEffect(() => {
    setSrc(null);
    setError('');
    if (!has) return;
    let made: string | undefined;
    let live = true;
    api<RecordingLink>('GET', `/api/supervisor/qa/calls/${encodeURIComponent(contactId)}/recording-link`)
      .then(async (link) => {
        if (link.direct) {
          if (live) {
            setDirect(true);
            setSrc(link.url);
          }
          return;
        }
        made = await apiObjectUrl(link.url);
        if (live) {
          setDirect(false);
          setSrc(made);
        }
      })
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [contactId, has, renewals]);
  if (!has) return <Box color="text-body-secondary">{w.noRecording}</Box>;
  if (error) return <Alert type="warning">{error}</Alert>;
  return src ? (
    // biome-ignore lint/a11y/useMediaCaption: call recordings have no captions; the transcript is shown beside
    <audio
      controls
      src={src}
      data-testid="recording"
      data-direct={direct ? 'true' : 'false'}
      style={{ width: '100%' }}
      onError={() => {
        if (direct && renewals < 1) setRenewals((n) => n + 1);
      }}
    />
  ) : null;
}

function ScoreForm({
  call,
  card,
  w,
  onSaved,
}: {
  call: QaCall;
  card: Scorecard;
  w: SupervisorWords;
  onSaved: (e: Evaluation) => void;
}) {
  const initial = () =>
    Object.fromEntries(
      card.sections.flatMap((s) => s.questions.map((q) => [q.key, call.evaluation?.answers[q.key] ?? 'yes'])),
    ) as Record<string, Answer>;
  const [answers, setAnswers] = useState<Record<string, Answer>>(initial);
  const [comment, setComment] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    setError('');
    try {
      const e = await api<Evaluation>(
        'PUT',
        `/api/supervisor/qa/evaluations/${encodeURIComponent(call.contactId)}`,
        {
          answers,
          ...(comment.trim() ? { comment: comment.trim() } : {}),
          ...(call.evaluation ? { replace: true } : {}),
        },
      );
      setComment('');
      onSaved(e);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <SpaceBetween size="m">
      {card.sections.map((s) => (
        <Container
          key={s.key}
          header={
            <Header variant="h3" description={`${s.weight}%`}>
              {s.title}
            </Header>
          }
        >
          <SpaceBetween size="s">
            {s.questions.map((q) => (
              <ColumnLayout key={q.key} columns={2}>
                <Box>
                  {q.title} {q.autoFail ? <Badge color="red">{w.autoFail}</Badge> : null}
                </Box>
                <SegmentedControl
                  data-testid={`answer-${q.key}`}
                  selectedId={answers[q.key] ?? 'yes'}
                  onChange={(e) => setAnswers({ ...answers, [q.key]: e.detail.selectedId as Answer })}
                  options={[
                    { id: 'yes', text: w.yes },
                    { id: 'no', text: w.no },
                    ...(q.notApplicable ? [{ id: 'na', text: w.na }] : []),
                  ]}
                />
              </ColumnLayout>
            ))}
          </SpaceBetween>
        </Container>
      ))}
      <FormField label={w.comment}>
        <Textarea value={comment} onChange={(e) => setComment(e.detail.value)} data-testid="score-comment" />
      </FormField>
      {error ? <Alert type="error">{error}</Alert> : null}
      <Button variant="primary" onClick={() => void save()} loading={busy} data-testid="score-submit">
        {call.evaluation ? w.scoreAgain : w.scoreIt}
      </Button>
    </SpaceBetween>
  );
}

export default function QaPage({ contactId }: { contactId: string }) {
  const { lang, session, navigate } = useApp();
  const w = SUPERVISOR_WORDS[lang];
  const allowed = isSupervisor(session.role);
  const [week, setWeek] = useState('');
  const [queue, setQueue] = useState<{
    week: string;
    items: ReviewItem[];
    calls: number;
    evaluated: number;
  } | null>(null);
  const [card, setCard] = useState<Scorecard | null>(null);
  const [evaluations, setEvaluations] = useState<Evaluation[]>([]);
  const [call, setCall] = useState<QaCall | null>(null);
  const [openId, setOpenId] = useState(contactId);
  const [message, setMessage] = useState<{ type: 'success' | 'error'; text: string } | null>(null);

  const loadQueue = useCallback(async (wk: string) => {
    try {
      const r = await api<{ week: string; items: ReviewItem[]; calls: number; evaluated: number }>(
        'GET',
        `/api/supervisor/qa/queue${wk ? `?week=${encodeURIComponent(wk)}` : ''}`,
      );
      setQueue(r);
      setWeek(r.week);
    } catch (e) {
      setMessage({ type: 'error', text: (e as Error).message });
    }
  }, []);
  const loadResults = useCallback(async () => {
    const r = await api<{ scorecard: Scorecard; evaluations: Evaluation[] }>(
      'GET',
      '/api/supervisor/qa/evaluations',
    );
    setCard(r.scorecard);
    setEvaluations(r.evaluations);
  }, []);

  useEffect(() => {
    if (!allowed) return;
    void loadQueue('');
    void loadResults().catch((e: Error) => setMessage({ type: 'error', text: e.message }));
  }, [allowed, loadQueue, loadResults]);

  useEffect(() => {
    setCall(null);
    if (!allowed || !contactId) return;
    setOpenId(contactId);
    api<QaCall>('GET', `/api/supervisor/qa/calls/${encodeURIComponent(contactId)}`)
      .then(setCall)
      .catch((e: Error) => setMessage({ type: 'error', text: e.message }));
  }, [allowed, contactId]);

  if (!allowed)
    return (
      <ContentLayout header={<Header variant="h1">{w.qa}</Header>}>
        <Alert type="error" data-testid="forbidden">
          {w.needsSupervisor}
        </Alert>
      </ContentLayout>
    );

  const speaker = (s: string) => (s === 'agent' ? w.agent : s === 'customer' ? '☎' : s);
  return (
    <ContentLayout header={<Header variant="h1">{w.qa}</Header>}>
      <SpaceBetween size="l">
        {message ? (
          <Alert type={message.type} dismissible onDismiss={() => setMessage(null)} data-testid="qa-message">
            {message.text}
          </Alert>
        ) : null}
        <Table
          data-testid="review-queue"
          variant="container"
          items={queue?.items ?? []}
          trackBy="contactId"
          header={
            <Header
              counter={queue ? `(${queue.items.length})` : undefined}
              description={queue ? `${queue.calls} ${w.call} · ${queue.evaluated} ${w.results}` : undefined}
              actions={
                <SpaceBetween direction="horizontal" size="xs">
                  <Input value={week} onChange={(e) => setWeek(e.detail.value)} placeholder="2026-W48" />
                  <Button onClick={() => void loadQueue(week)}>{w.show}</Button>
                </SpaceBetween>
              }
            >
              {w.reviewQueue}
            </Header>
          }
          empty={<Box>{w.noReview}</Box>}
          columnDefinitions={[
            { id: 'when', header: w.when, cell: (i) => new Date(i.initiatedAt).toLocaleString(lang) },
            { id: 'agent', header: w.agent, cell: (i) => i.agentId },
            { id: 'queue', header: w.queue, cell: (i) => i.queue ?? '—' },
            {
              id: 'why',
              header: w.reasons,
              cell: (i) => (
                <SpaceBetween direction="horizontal" size="xxs">
                  {i.reasons.map((r) => (
                    <Badge key={r} color={r === 'sample' ? 'grey' : 'red'}>
                      {reasonText(w, r)}
                    </Badge>
                  ))}
                </SpaceBetween>
              ),
            },
            { id: 'flags', header: w.flags, cell: (i) => i.flags.map((f) => f.kind).join(', ') || '—' },
            { id: 'survey', header: w.survey, cell: (i) => i.surveyScore ?? '—' },
            {
              id: 'open',
              header: '',
              cell: (i) => (
                <Button data-testid={`review-${i.contactId}`} onClick={() => navigate(`qa/${i.contactId}`)}>
                  {w.review}
                </Button>
              ),
            },
          ]}
        />
        <SpaceBetween direction="horizontal" size="xs" alignItems="end">
          <FormField label={w.contactId}>
            <Input value={openId} onChange={(e) => setOpenId(e.detail.value)} data-testid="qa-contact-id" />
          </FormField>
          <Button onClick={() => openId.trim() && navigate(`qa/${openId.trim()}`)}>{w.open}</Button>
        </SpaceBetween>
        {call && card ? (
          <Container
            data-testid="qa-call"
            header={
              <Header
                variant="h2"
                description={`${call.record?.agentId ?? ''} · ${call.record?.queue ?? ''} · ${call.record ? new Date(call.record.initiatedAt).toLocaleString(lang) : ''}${call.survey ? ` · ${w.survey} ${call.survey.score}` : ''}`}
              >
                {w.call} {call.contactId}
              </Header>
            }
          >
            <ColumnLayout columns={2}>
              <SpaceBetween size="m">
                <Box variant="h3">{w.recording}</Box>
                <Recording contactId={call.contactId} has={Boolean(call.recordingUrl)} w={w} />
                <Box variant="h3">{w.transcript}</Box>
                {call.flags.length ? (
                  <SpaceBetween size="xxs">
                    {call.flags.map((f) => (
                      <StatusIndicator key={`${f.kind}-${f.at ?? ''}`} type="warning">
                        {f.kind}
                        {f.at === undefined ? '' : ` @${f.at.toFixed(1)} s`}: {f.detail}
                      </StatusIndicator>
                    ))}
                  </SpaceBetween>
                ) : null}
                <div data-testid="qa-transcript" style={{ maxHeight: 420, overflowY: 'auto' }}>
                  {call.transcript ? (
                    call.transcript.turns.map((t) => (
                      <Box key={`${t.start}-${t.speaker}`} fontSize="body-s">
                        <Box variant="small" display="inline">
                          {t.start.toFixed(1)} s
                        </Box>{' '}
                        <b>{speaker(t.speaker)}</b>: {t.text}
                      </Box>
                    ))
                  ) : (
                    <Box color="text-body-secondary">{w.noTranscript}</Box>
                  )}
                </div>
              </SpaceBetween>
              <SpaceBetween size="m">
                <Box variant="h3">
                  {w.scorecard}: {card.title}
                </Box>
                {call.evaluation ? <ScoreBadge e={call.evaluation} w={w} /> : null}
                <ScoreForm
                  key={`${call.contactId}-${call.evaluation?.evaluatedAt ?? ''}`}
                  call={call}
                  card={card}
                  w={w}
                  onSaved={(e) => {
                    setCall({ ...call, evaluation: e });
                    setMessage({ type: 'success', text: `${w.scored}: ${pct(e.scorePercent, 1)}` });
                    void loadResults();
                    void loadQueue(week);
                  }}
                />
              </SpaceBetween>
            </ColumnLayout>
          </Container>
        ) : null}
        <Table
          data-testid="qa-results"
          variant="container"
          items={evaluations}
          trackBy="contactId"
          header={<Header counter={`(${evaluations.length})`}>{w.results}</Header>}
          empty={<Box>{w.noEvaluations}</Box>}
          columnDefinitions={[
            { id: 'at', header: w.evaluatedAt, cell: (e) => new Date(e.evaluatedAt).toLocaleString(lang) },
            { id: 'agent', header: w.agent, cell: (e) => e.agentId },
            { id: 'score', header: w.score, cell: (e) => <ScoreBadge e={e} w={w} /> },
            { id: 'by', header: w.evaluator, cell: (e) => e.evaluator },
            {
              id: 'read',
              header: w.read,
              cell: (e) =>
                e.acknowledgedAt ? (
                  <StatusIndicator type="success">{w.read}</StatusIndicator>
                ) : (
                  <StatusIndicator type="pending">{w.notRead}</StatusIndicator>
                ),
            },
            { id: 'comments', header: w.comments, cell: (e) => e.comments.length },
            {
              id: 'open',
              header: '',
              cell: (e) => (
                <Button variant="inline-link" onClick={() => navigate(`qa/${e.contactId}`)}>
                  {w.open}
                </Button>
              ),
            },
          ]}
        />
      </SpaceBetween>
    </ContentLayout>
  );
}
