import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import Textarea from '@cloudscape-design/components/textarea';
import { useCallback, useEffect, useState } from 'react';
import type { Ticket } from '../../../schemas/ticket';
import { api } from '../api';
import { useApp } from '../context';

interface Category {
  key: string;
  label: Record<string, string>;
  priority: string;
}
const STATUSES = ['assigned', 'in_progress', 'resolved', 'closed'] as const;

export default function TicketsPage({ query }: { query: URLSearchParams }) {
  const { t, lang } = useApp();
  const [categories, setCategories] = useState<Category[]>([]);
  const [category, setCategory] = useState('');
  const [description, setDescription] = useState('');
  const [phone, setPhone] = useState(query.get('phone') ?? '');
  const customerId = query.get('customerId') ?? '';
  const contactId = query.get('contactId') ?? '';
  const [tickets, setTickets] = useState<Ticket[]>([]);
  const [message, setMessage] = useState<{ type: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const reload = useCallback(() => {
    const q = customerId ? `?customerId=${encodeURIComponent(customerId)}` : '';
    api<{ tickets: Ticket[] }>('GET', `/api/tickets${q}`)
      .then((r) => setTickets(r.tickets))
      .catch(() => setTickets([]));
  }, [customerId]);

  useEffect(() => {
    api<{ categories: Category[] }>('GET', '/api/ticket-categories').then((r) => setCategories(r.categories));
    reload();
  }, [reload]);

  const create = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const r = await api<{ ticket: Ticket }>('POST', '/api/tickets', {
        category,
        ...(description ? { description } : {}),
        ...(phone ? { phone } : {}),
        ...(customerId ? { customerId } : {}),
        ...(contactId ? { contactId } : {}),
        language: lang,
      });
      setMessage({ type: 'success', text: `${t.created}: ${r.ticket.ticketId}` });
      setDescription('');
      reload();
    } catch (e) {
      setMessage({ type: 'error', text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const setStatus = async (ticket: Ticket, status: string) => {
    try {
      await api('PATCH', `/api/tickets/${ticket.ticketId}`, { status });
      reload();
    } catch (e) {
      setMessage({ type: 'error', text: (e as Error).message });
    }
  };

  const options = categories.map((c) => ({ value: c.key, label: c.label[lang] ?? c.key }));
  return (
    <ContentLayout header={<Header variant="h1">{t.tickets}</Header>}>
      <SpaceBetween size="l">
        {message && (
          <Alert type={message.type} data-testid="ticket-message">
            {message.text}
          </Alert>
        )}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
        >
          <Form
            actions={
              <Button variant="primary" loading={busy} disabled={!category} data-testid="ticket-submit">
                {t.submit}
              </Button>
            }
          >
            <Container header={<Header variant="h2">{t.createTicket}</Header>}>
              <SpaceBetween size="m">
                <FormField label={t.category}>
                  <Select
                    data-testid="ticket-category"
                    selectedOption={options.find((o) => o.value === category) ?? null}
                    onChange={(e) => setCategory(e.detail.selectedOption.value ?? '')}
                    options={options}
                  />
                </FormField>
                <FormField label={t.phone}>
                  <Input value={phone} onChange={(e) => setPhone(e.detail.value)} />
                </FormField>
                {customerId && <Box>{`${t.customerId}: ${customerId}`}</Box>}
                <FormField label={t.description}>
                  <Textarea value={description} onChange={(e) => setDescription(e.detail.value)} />
                </FormField>
              </SpaceBetween>
            </Container>
          </Form>
        </form>
        <Table
          variant="container"
          header={<Header variant="h2">{t.recentTickets}</Header>}
          items={tickets}
          columnDefinitions={[
            { id: 'id', header: 'ID', cell: (r) => r.ticketId },
            { id: 'cat', header: t.category, cell: (r) => r.category },
            { id: 'prio', header: t.priority, cell: (r) => r.priority },
            { id: 'status', header: t.status, cell: (r) => r.status },
            { id: 'due', header: t.due, cell: (r) => new Date(r.dueAt).toLocaleString() },
            {
              id: 'update',
              header: t.update,
              cell: (r) => (
                <Select
                  selectedOption={null}
                  placeholder={t.update}
                  onChange={(e) => void setStatus(r, e.detail.selectedOption.value ?? '')}
                  options={STATUSES.filter((s) => s !== r.status).map((s) => ({ value: s, label: s }))}
                  expandToViewport
                />
              ),
            },
          ]}
          empty={<Box>—</Box>}
        />
      </SpaceBetween>
    </ContentLayout>
  );
}
