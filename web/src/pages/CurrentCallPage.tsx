import Alert from '@cloudscape-design/components/alert';
import Badge from '@cloudscape-design/components/badge';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { useEffect, useState } from 'react';
import type { CurrentContact, ScreenPop } from '../../../schemas/api';
import type { SearchHit } from '../../../schemas/knowledge';
import { api } from '../api';
import { followContact } from '../contact-source';
import { useApp } from '../context';
import { ORDER_WORDS } from '../i18n-orders';
import CampaignCallPanel from './CampaignCallPanel';

export default function CurrentCallPage() {
  const { t, lang, session, navigate } = useApp();
  const [contact, setContact] = useState<CurrentContact | null>(null);
  const [pop, setPop] = useState<ScreenPop | null>(null);
  const [suggestions, setSuggestions] = useState<SearchHit[]>([]);
  const [error, setError] = useState('');

  useEffect(() => followContact(setContact), []);

  const phone = contact?.phone;
  const contactId = contact?.contactId;
  const state = contact?.state;
  // Read again when the contact or its state changes (the open-ticket count moves when the call ends).
  // biome-ignore lint/correctness/useExhaustiveDependencies: contactId and state are re-read triggers
  useEffect(() => {
    setPop(null);
    setError('');
    if (!phone) return;
    api<ScreenPop>('GET', `/api/screen-pop?phone=${encodeURIComponent(phone)}`)
      .then(setPop)
      .catch((e: Error) => setError(e.message));
  }, [phone, contactId, state]);

  const menuKey = contact?.menuKey;
  useEffect(() => {
    setSuggestions([]);
    if (!menuKey) return;
    api<{ hits: SearchHit[] }>('GET', `/api/kb/search?menuKey=${menuKey}&limit=5`)
      .then((r) => setSuggestions(r.hits))
      .catch(() => setSuggestions([]));
  }, [menuKey]);

  if (!contact)
    return (
      <ContentLayout header={<Header variant="h1">{t.currentCall}</Header>}>
        <Container>
          <Box data-testid="no-call">{t.noCall}</Box>
        </Container>
      </ContentLayout>
    );

  // A campaign call: the dialler starts it with these attributes (functions/adapters/connect/outbound-calls.ts).
  const campaign = contact.attributes.campaign;
  const campaignEntry = contact.attributes.campaignEntry;
  const stateLabel = { ringing: t.ringing, connected: t.connected, ended: t.ended }[contact.state];
  const c = pop?.customer;
  const ticketQuery = new URLSearchParams({
    ...(pop?.phone ? { phone: pop.phone } : {}),
    ...(c ? { customerId: c.customerId } : {}),
    contactId: contact.contactId,
  });
  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              {c && <Button onClick={() => navigate(`customer/${c.customerId}`)}>{t.openCustomer}</Button>}
              {session.profile.id === 'distribution' && (c || contact.attributes.customerId) && (
                <Button
                  onClick={() =>
                    navigate(
                      `orders?${new URLSearchParams({
                        // Card authentication names the retailer even when the number is not theirs.
                        customerId: contact.attributes.customerId || c?.customerId || '',
                      })}`,
                    )
                  }
                  data-testid="order-entry"
                >
                  {ORDER_WORDS[lang].orderEntry}
                </Button>
              )}
              <Button
                variant="primary"
                onClick={() => navigate(`tickets?${ticketQuery}`)}
                data-testid="create-ticket"
              >
                {t.createTicket}
              </Button>
            </SpaceBetween>
          }
        >
          {t.currentCall}: {contact.phone ?? '—'}
        </Header>
      }
    >
      <SpaceBetween size="l">
        {error && <Alert type="error">{error}</Alert>}
        {campaign && campaignEntry && (
          <CampaignCallPanel campaign={campaign} entryId={campaignEntry} contactId={contact.contactId} />
        )}
        <Container header={<Header variant="h2">{c ? c.name : t.caller}</Header>} data-testid="screen-pop">
          <SpaceBetween size="m">
            {pop && !pop.known && <Alert type="info">{t.unknownCaller}</Alert>}
            {pop?.block && (
              <Alert type="warning">
                {t.blocked}: {pop.block.reason}
              </Alert>
            )}
            <KeyValuePairs
              columns={4}
              items={[
                { label: t.caller, value: pop?.phone ?? contact.phone ?? '—' },
                {
                  label: t.state,
                  value: (
                    <StatusIndicator type={contact.state === 'ended' ? 'stopped' : 'in-progress'}>
                      {stateLabel}
                    </StatusIndicator>
                  ),
                },
                { label: t.name, value: <span data-testid="customer-name">{c?.name ?? '—'}</span> },
                { label: t.customerId, value: c?.customerId ?? '—' },
                { label: t.tier, value: pop?.tier ?? '—' },
                {
                  label: t.vip,
                  value: pop?.vip ? <Badge color="red">VIP</Badge> : t.no,
                },
                { label: t.branch, value: c?.branch ?? '—' },
                { label: t.openTickets, value: String(pop?.openTickets ?? 0) },
                { label: t.language, value: pop?.language ?? c?.language ?? '—' },
                { label: t.menuChoice, value: contact.menuKey ?? '—' },
                { label: t.queue, value: contact.queue ?? '—' },
                { label: t.agent, value: contact.agentId ?? '—' },
              ]}
            />
          </SpaceBetween>
        </Container>
        <Table
          header={<Header variant="h2">{t.recentContacts}</Header>}
          items={pop?.recentContacts ?? []}
          columnDefinitions={[
            { id: 'at', header: t.when, cell: (r) => new Date(r.at).toLocaleString() },
            { id: 'queue', header: t.queue, cell: (r) => r.queue ?? '—' },
            { id: 'agent', header: t.agent, cell: (r) => r.agentId ?? '—' },
            { id: 'channel', header: t.channel, cell: (r) => r.channel ?? '—' },
          ]}
          empty={<Box>—</Box>}
          variant="container"
        />
        <Container header={<Header variant="h2">{t.suggested}</Header>} data-testid="suggestions">
          {suggestions.length === 0 ? (
            <Box>{t.noSuggestions}</Box>
          ) : (
            <SpaceBetween size="s">
              {suggestions.map((s) => (
                <div key={s.articleId}>
                  <Button variant="inline-link" onClick={() => navigate(`kb?article=${s.articleId}`)}>
                    {s.title}
                  </Button>
                  <Box variant="small">{s.snippet}</Box>
                </div>
              ))}
            </SpaceBetween>
          )}
        </Container>
      </SpaceBetween>
    </ContentLayout>
  );
}
