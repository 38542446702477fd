import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ContentLayout from '@cloudscape-design/components/content-layout';
import DatePicker from '@cloudscape-design/components/date-picker';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { useCallback, useEffect, useState } from 'react';
import type { AgentPerformanceRow } from '../../../schemas/supervisor-api';
import { api } from '../api';
import { useApp } from '../context';
import { duration, isSupervisor, pct, SUPERVISOR_WORDS } from '../supervisor-i18n';

const day = (d: Date) => d.toISOString().slice(0, 10);
const ratio = (v: number | null) => (v === null ? '—' : pct(100 * v));

export default function PerformancePage() {
  const { lang, session } = useApp();
  const w = SUPERVISOR_WORDS[lang];
  const allowed = isSupervisor(session.role);
  const [from, setFrom] = useState(day(new Date(Date.now() - 6 * 86_400_000)));
  const [to, setTo] = useState(day(new Date()));
  const [rows, setRows] = useState<AgentPerformanceRow[] | null>(null);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    setError('');
    try {
      const q = new URLSearchParams({ ...(from ? { from } : {}), ...(to ? { to } : {}) });
      const r = await api<{ rows: AgentPerformanceRow[] }>('GET', `/api/supervisor/performance?${q}`);
      setRows(r.rows);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoading(false);
    }
  }, [from, to]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: load once on open; the button reloads
  useEffect(() => {
    if (allowed) void load();
  }, [allowed]);

  if (!allowed)
    return (
      <ContentLayout header={<Header variant="h1">{w.performance}</Header>}>
        <Alert type="error" data-testid="forbidden">
          {w.needsSupervisor}
        </Alert>
      </ContentLayout>
    );

  return (
    <ContentLayout
      header={
        <Header variant="h1" description={w.performanceHint}>
          {w.performance}
        </Header>
      }
    >
      <SpaceBetween size="l">
        {error ? <Alert type="error">{error}</Alert> : null}
        <SpaceBetween direction="horizontal" size="s" alignItems="end">
          <FormField label={w.from}>
            <DatePicker value={from} onChange={(e) => setFrom(e.detail.value)} placeholder="YYYY/MM/DD" />
          </FormField>
          <FormField label={w.to}>
            <DatePicker value={to} onChange={(e) => setTo(e.detail.value)} placeholder="YYYY/MM/DD" />
          </FormField>
          <Button
            variant="primary"
            onClick={() => void load()}
            loading={loading}
            data-testid="performance-show"
          >
            {w.show}
          </Button>
        </SpaceBetween>
        <Table
          data-testid="performance-table"
          loading={loading && rows === null}
          items={rows ?? []}
          trackBy="agent"
          variant="container"
          wrapLines={false}
          header={<Header counter={rows ? `(${rows.length})` : undefined}>{w.agents}</Header>}
          empty={<Box>—</Box>}
          columnDefinitions={[
            {
              id: 'agent',
              header: w.agent,
              cell: (r) => (
                <span data-testid={`perf-row-${r.agent}`}>
                  {r.name}{' '}
                  <Box variant="small" display="inline">
                    ({r.agent})
                  </Box>
                </span>
              ),
            },
            {
              id: 'handled',
              header: w.handled,
              cell: (r) => <span data-testid="perf-handled">{r.contacts_handled}</span>,
            },
            { id: 'aht', header: w.avgHandle, cell: (r) => duration(r.avg_handle_seconds) },
            { id: 'talk', header: w.avgTalk, cell: (r) => duration(r.avg_talk_seconds) },
            { id: 'hold', header: w.avgHold, cell: (r) => duration(r.avg_hold_seconds) },
            { id: 'acw', header: w.avgAcw, cell: (r) => duration(r.avg_acw_seconds) },
            { id: 'occupancy', header: w.occupancy, cell: (r) => ratio(r.occupancy) },
            {
              id: 'fcr',
              header: w.fcr,
              cell: (r) =>
                r.fcr_eligible ? `${ratio(r.fcr_rate)} (${r.first_contact_resolved}/${r.fcr_eligible})` : '—',
            },
            {
              id: 'csat',
              header: w.csat,
              cell: (r) => (r.csat_responses ? `${ratio(r.csat)} (${r.csat_responses})` : '—'),
            },
            {
              id: 'qa',
              header: w.qaScore,
              cell: (r) =>
                r.qa_evaluations
                  ? `${pct(r.avg_qa_score_percent, 1)} (${r.qa_evaluations}${r.qa_auto_fails ? `, ${r.qa_auto_fails}✗` : ''})`
                  : '—',
            },
            { id: 'transfers', header: w.transfers, cell: (r) => r.transfers },
          ]}
        />
      </SpaceBetween>
    </ContentLayout>
  );
}
