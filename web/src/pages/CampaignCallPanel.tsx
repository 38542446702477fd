/**
 * On a campaign call (the contact's attributes `campaign` and `campaignEntry`, set by the dialler: see
 * functions/adapters/connect/outbound-calls.ts), the campaign's dispositions and a button that records the chosen
 * one through POST /api/campaigns/{name}/entries/{entryId}/disposition: the same use case as
 * `hotline campaigns record`. The contact id makes it safe to send again; once recorded the choice shows as done.
 */
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import DatePicker from '@cloudscape-design/components/date-picker';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import RadioGroup from '@cloudscape-design/components/radio-group';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import TimeInput from '@cloudscape-design/components/time-input';
import { useEffect, useState } from 'react';
import type { CampaignCall, DispositionResult } from '../../../schemas/api-campaigns';
import { api } from '../api';
import { useApp } from '../context';
import { CAMPAIGN_WORDS, dispositionLabel } from '../i18n-campaigns';

export default function CampaignCallPanel(props: { campaign: string; entryId: string; contactId: string }) {
  const { lang } = useApp();
  const w = CAMPAIGN_WORDS[lang];
  const { campaign, entryId, contactId } = props;
  const [call, setCall] = useState<CampaignCall | null>(null);
  const [choice, setChoice] = useState('');
  const [day, setDay] = useState('');
  const [time, setTime] = useState('');
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<DispositionResult | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    setCall(null);
    setResult(null);
    setChoice('');
    setError('');
    api<CampaignCall>(
      'GET',
      `/api/campaigns/${encodeURIComponent(campaign)}/entries/${encodeURIComponent(entryId)}`,
    )
      .then(setCall)
      .catch((e: Error) => setError(e.message));
  }, [campaign, entryId]);

  const dispositions = call?.campaign.dispositions ?? [];
  const labelOf = (key: string | undefined) => {
    const d = dispositions.find((x) => x.key === key);
    return d ? dispositionLabel(lang, d) : (key ?? '');
  };
  const chosen = dispositions.find((d) => d.key === choice);
  const when = (iso: string) => new Date(iso).toLocaleString(lang);
  // This call's disposition, recorded now or before (by this page, another tab, the CLI or the contact attribute).
  const done =
    result?.attempt ??
    (call?.lastAttempt?.contactId === contactId && call.lastAttempt.disposition
      ? call.lastAttempt
      : undefined);
  const entry = result?.entry ?? call?.entry;

  const record = async () => {
    if (!chosen) {
      setError(w.choose);
      return;
    }
    setSending(true);
    setError('');
    try {
      const callbackAt =
        chosen.effect === 'callback' && day ? new Date(`${day}T${time || '09:00'}`).toISOString() : undefined;
      const r = await api<DispositionResult>(
        'POST',
        `/api/campaigns/${encodeURIComponent(campaign)}/entries/${encodeURIComponent(entryId)}/disposition`,
        { disposition: chosen.key, contactId, ...(callbackAt ? { callbackAt } : {}) },
      );
      setResult(r);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSending(false);
    }
  };

  return (
    <Container
      data-testid="campaign-call"
      header={
        <Header variant="h2" description={call ? w.purposes[call.campaign.purpose] : undefined}>
          {w.campaignCall}: {campaign}
        </Header>
      }
    >
      <SpaceBetween size="m">
        <KeyValuePairs
          columns={3}
          items={[
            { label: w.entry, value: entryId },
            { label: w.attempt, value: String((entry?.attempts ?? 0) + (done ? 0 : 1)) },
            { label: w.disposition, value: done ? labelOf(done.disposition) : '—' },
          ]}
        />
        {error && (
          <Alert type="error" data-testid="campaign-error">
            {error}
          </Alert>
        )}
        {done ? (
          <SpaceBetween size="xs">
            <StatusIndicator type="success" data-testid="campaign-done">
              {result && !result.recorded
                ? w.alreadyRecorded(labelOf(done.disposition))
                : w.recorded(labelOf(done.disposition))}
            </StatusIndicator>
            {done.effect && <Box data-testid="campaign-effect">{done.effect}</Box>}
            {entry?.status === 'pending' && entry.nextAt && <Box>{w.nextCall(when(entry.nextAt))}</Box>}
          </SpaceBetween>
        ) : entry && entry.status !== 'pending' ? (
          <Alert type="info">{w.finished(labelOf(entry.disposition))}</Alert>
        ) : (
          call && (
            <SpaceBetween size="m">
              <FormField label={w.disposition}>
                <RadioGroup
                  data-testid="campaign-dispositions"
                  value={choice}
                  onChange={(e) => setChoice(e.detail.value)}
                  items={dispositions.map((d) => {
                    const does = w.labels[d.key]?.does;
                    return {
                      value: d.key,
                      label: dispositionLabel(lang, d),
                      ...(does ? { description: does } : {}),
                    };
                  })}
                />
              </FormField>
              {chosen?.effect === 'callback' && (
                <FormField label={w.callbackAt}>
                  <SpaceBetween direction="horizontal" size="xs">
                    <DatePicker
                      value={day}
                      onChange={(e) => setDay(e.detail.value)}
                      placeholder="YYYY/MM/DD"
                      data-testid="callback-day"
                    />
                    <TimeInput
                      value={time}
                      onChange={(e) => setTime(e.detail.value)}
                      format="hh:mm"
                      placeholder="hh:mm"
                      data-testid="callback-time"
                    />
                  </SpaceBetween>
                </FormField>
              )}
              <Button
                variant="primary"
                loading={sending}
                disabled={!chosen}
                onClick={() => void record()}
                data-testid="record-disposition"
              >
                {w.record}
              </Button>
            </SpaceBetween>
          )
        )}
      </SpaceBetween>
    </Container>
  );
}
