import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Textarea from '@cloudscape-design/components/textarea';
import { useCallback, useEffect, useState } from 'react';
import type { Evaluation, Scorecard } from '../../../schemas/supervision';
import { api } from '../api';
import { useApp } from '../context';
import { SUPERVISOR_WORDS } from '../supervisor-i18n';
import { EvaluationDetail, ScoreBadge } from './QaPage';

/** What an agent sees of QA: their evaluations, each to read (acknowledge) and comment on. */
export default function MyEvaluationsPage() {
  const { lang } = useApp();
  const w = SUPERVISOR_WORDS[lang];
  const [data, setData] = useState<{ scorecard: Scorecard; evaluations: Evaluation[] } | null>(null);
  const [error, setError] = useState('');
  const [drafts, setDrafts] = useState<Record<string, string>>({});

  const load = useCallback(() => {
    api<{ scorecard: Scorecard; evaluations: Evaluation[] }>('GET', '/api/qa/my-evaluations')
      .then(setData)
      .catch((e: Error) => setError(e.message));
  }, []);
  useEffect(load, [load]);

  const act = async (path: string, body?: unknown) => {
    try {
      await api('POST', path, body);
      load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <ContentLayout header={<Header variant="h1">{w.myEvaluations}</Header>}>
      <SpaceBetween size="l">
        {error ? <Alert type="error">{error}</Alert> : null}
        {data && data.evaluations.length === 0 ? (
          <Box data-testid="no-evaluations">{w.noEvaluations}</Box>
        ) : null}
        {data?.evaluations.map((e) => (
          <Container
            key={e.contactId}
            data-testid="my-evaluation"
            header={
              <Header
                variant="h2"
                description={`${w.evaluator} ${e.evaluator} · ${new Date(e.evaluatedAt).toLocaleString(lang)}`}
                actions={
                  e.acknowledgedAt ? (
                    <StatusIndicator type="success">{w.read}</StatusIndicator>
                  ) : (
                    <Button
                      data-testid="evaluation-ack"
                      onClick={() => void act(`/api/qa/evaluations/${encodeURIComponent(e.contactId)}/ack`)}
                    >
                      {w.markRead}
                    </Button>
                  )
                }
              >
                {w.call} {e.contactId.slice(0, 8)}
              </Header>
            }
          >
            <SpaceBetween size="m">
              <ScoreBadge e={e} w={w} />
              <EvaluationDetail e={e} card={data.scorecard} w={w} />
              <FormField label={w.addComment}>
                <Textarea
                  value={drafts[e.contactId] ?? ''}
                  onChange={(ev) => setDrafts({ ...drafts, [e.contactId]: ev.detail.value })}
                />
              </FormField>
              <Button
                disabled={!(drafts[e.contactId] ?? '').trim()}
                onClick={() => {
                  const text = (drafts[e.contactId] ?? '').trim();
                  setDrafts({ ...drafts, [e.contactId]: '' });
                  void act(`/api/qa/evaluations/${encodeURIComponent(e.contactId)}/comments`, { text });
                }}
              >
                {w.addComment}
              </Button>
            </SpaceBetween>
          </Container>
        ))}
      </SpaceBetween>
    </ContentLayout>
  );
}
