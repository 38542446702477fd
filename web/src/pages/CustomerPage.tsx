import Alert from '@cloudscape-design/components/alert';
import Badge from '@cloudscape-design/components/badge';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { useEffect, useState } from 'react';
import type { Customer } from '../../../schemas/crm';
import type { Ticket } from '../../../schemas/ticket';
import { api } from '../api';
import { useApp } from '../context';

interface CallRow {
  contactId: string;
  initiatedAt: string;
  queue?: string;
  agentId?: string;
  talkSeconds?: number;
  disconnectReason?: string;
}

export default function CustomerPage({ customerId }: { customerId: string }) {
  const { t, navigate } = useApp();
  const [id, setId] = useState(customerId);
  const [data, setData] = useState<{ customer: Customer; tickets: Ticket[]; calls: CallRow[] } | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    setData(null);
    setError('');
    if (!customerId) return;
    api<{ customer: Customer; tickets: Ticket[]; calls: CallRow[] }>(
      'GET',
      `/api/customers/${encodeURIComponent(customerId)}`,
    )
      .then(setData)
      .catch((e: Error) => setError(e.message));
  }, [customerId]);

  const c = data?.customer;
  return (
    <ContentLayout header={<Header variant="h1">{t.customer}</Header>}>
      <SpaceBetween size="l">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            navigate(`customer/${id.trim()}`);
          }}
        >
          <SpaceBetween direction="horizontal" size="xs">
            <Input value={id} onChange={(e) => setId(e.detail.value)} placeholder={t.customerIdPrompt} />
            <Button>{t.show}</Button>
          </SpaceBetween>
        </form>
        {error && <Alert type="error">{error}</Alert>}
        {c && (
          <Container header={<Header variant="h2">{c.name}</Header>}>
            <KeyValuePairs
              columns={4}
              items={[
                { label: t.customerId, value: c.customerId },
                { label: t.phone, value: c.phones.join(', ') },
                { label: t.tier, value: c.tier },
                { label: t.vip, value: c.vip ? <Badge color="red">VIP</Badge> : t.no },
                { label: t.branch, value: c.branch ?? '—' },
                { label: t.language, value: c.language },
                { label: t.agent, value: c.dedicatedAgentId ?? '—' },
              ]}
            />
          </Container>
        )}
        {data && (
          <Table
            variant="container"
            header={
              <Header variant="h2" counter={`(${data.tickets.length})`}>
                {t.tickets}
              </Header>
            }
            items={data.tickets}
            columnDefinitions={[
              { id: 'id', header: 'ID', cell: (r) => r.ticketId },
              { id: 'cat', header: t.category, cell: (r) => r.category },
              { id: 'status', header: t.status, cell: (r) => r.status },
              { id: 'due', header: t.due, cell: (r) => new Date(r.dueAt).toLocaleString() },
              { id: 'desc', header: t.description, cell: (r) => r.description ?? '' },
            ]}
            empty={<Box>—</Box>}
          />
        )}
        {data && (
          <Table
            variant="container"
            header={
              <Header variant="h2" counter={`(${data.calls.length})`}>
                {t.calls}
              </Header>
            }
            items={data.calls}
            columnDefinitions={[
              { id: 'at', header: t.when, cell: (r) => new Date(r.initiatedAt).toLocaleString() },
              { id: 'queue', header: t.queue, cell: (r) => r.queue ?? '—' },
              { id: 'agent', header: t.agent, cell: (r) => r.agentId ?? '—' },
              { id: 'talk', header: 's', cell: (r) => r.talkSeconds ?? '—' },
            ]}
            empty={<Box>—</Box>}
          />
        )}
      </SpaceBetween>
    </ContentLayout>
  );
}
