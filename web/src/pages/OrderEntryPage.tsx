/**
 * Order entry (distribution): the agent places an order for the retailer on the call through the order
 * centre (POST /api/orders: the same checks and transaction as the IVR). The table shows, per product, the
 * supply left, the retailer's limits and what they ordered this period; a refusal says why, line by line.
 * #/orders?customerId=DS-2001 (the current call's page links here).
 */
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { OrderCatalogue, OrderRefusal } from '../../../schemas/api-orders';
import type { Order } from '../../../schemas/orders';
import { ApiError, api } from '../api';
import { useApp } from '../context';
import { ORDER_WORDS } from '../i18n-orders';

type Message = { type: 'success' | 'error'; text: string } | { type: 'refused'; refusals: OrderRefusal[] };

const newRequestId = () => `web-${crypto.randomUUID()}`;

export default function OrderEntryPage({ query }: { query: URLSearchParams }) {
  const { t, lang, navigate } = useApp();
  const w = ORDER_WORDS[lang];
  const customerId = query.get('customerId') ?? '';
  const [typed, setTyped] = useState(customerId);
  const [catalogue, setCatalogue] = useState<OrderCatalogue | null>(null);
  const [orders, setOrders] = useState<Order[]>([]);
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  // One idempotency key per order form: a double click or a retry never places a second order.
  const [requestId, setRequestId] = useState(newRequestId);

  const load = useCallback(async () => {
    if (!customerId) return;
    const q = encodeURIComponent(customerId);
    const [cat, list] = await Promise.all([
      api<OrderCatalogue>('GET', `/api/orders/catalogue?customerId=${q}`),
      api<{ orders: Order[] }>('GET', `/api/orders?customerId=${q}&limit=5`),
    ]);
    setCatalogue(cat);
    setOrders(list.orders);
  }, [customerId]);

  useEffect(() => {
    setCatalogue(null);
    setOrders([]);
    setQuantities({});
    load().catch((e: Error) => setMessage({ type: 'error', text: e.message }));
  }, [load]);

  const lines = useMemo(
    () =>
      Object.entries(quantities)
        .map(([code, q]) => ({ code, quantity: Number(q) }))
        .filter((l) => Number.isInteger(l.quantity) && l.quantity > 0),
    [quantities],
  );
  const total = lines.reduce(
    (s, l) => s + (catalogue?.products.find((p) => p.code === l.code)?.priceCents ?? 0) * l.quantity,
    0,
  );

  const place = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const r = await api<{ order: Order; created: boolean; sms?: string }>('POST', '/api/orders', {
        customerId,
        lines,
        // The form's own key, not the call's: an agent may take a second order on the same call.
        requestId,
      });
      setMessage({
        type: 'success',
        text: [
          r.created ? w.placed(r.order.orderId, r.order.totalCents) : w.already(r.order.orderId),
          r.sms ? w.sms(r.sms) : '',
        ].join(' '),
      });
      setQuantities({});
      setRequestId(newRequestId());
      await load();
    } catch (e) {
      const refusals =
        e instanceof ApiError ? (e.problem as { refusals?: OrderRefusal[] }).refusals : undefined;
      setMessage(refusals ? { type: 'refused', refusals } : { type: 'error', text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <ContentLayout header={<Header variant="h1">{w.orderEntry}</Header>}>
      <SpaceBetween size="l">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            navigate(`orders?${new URLSearchParams({ customerId: typed.trim() })}`);
          }}
        >
          <SpaceBetween direction="horizontal" size="xs">
            <div style={{ minWidth: 280 }}>
              <Input
                value={typed}
                onChange={(e) => setTyped(e.detail.value)}
                placeholder={w.customerIdPlaceholder}
                ariaLabel={w.retailer}
                data-testid="order-customer"
              />
            </div>
            <Button data-testid="order-open">{w.open}</Button>
          </SpaceBetween>
        </form>
        {message?.type === 'refused' && (
          <Alert type="error" header={w.refused} data-testid="order-message">
            <ul>
              {message.refusals.map((r) => (
                <li key={r.code}>{w.reason(r)}</li>
              ))}
            </ul>
          </Alert>
        )}
        {message && message.type !== 'refused' && (
          <Alert type={message.type} data-testid="order-message">
            {message.text}
          </Alert>
        )}
        {catalogue && (
          <KeyValuePairs
            columns={4}
            items={[
              {
                label: w.retailer,
                value: `${catalogue.name ?? ''} (${catalogue.customerId})`,
              },
              {
                label: t.tier,
                value: `${catalogue.tier}${catalogue.branch ? ` · ${catalogue.branch}` : ''}`,
              },
              { label: w.period, value: catalogue.period },
              {
                label: w.cutoff,
                value: (
                  <StatusIndicator type={catalogue.closed ? 'stopped' : 'success'}>
                    {`${new Date(catalogue.cutoff).toLocaleString(lang, { timeZone: catalogue.timeZone })} · ${catalogue.closed ? w.closed : w.open_}`}
                  </StatusIndicator>
                ),
              },
            ]}
          />
        )}
        {catalogue && (
          <Table
            variant="container"
            data-testid="order-catalogue"
            header={
              <Header
                variant="h2"
                description={`${w.total}: ${w.yuan(total)}`}
                actions={
                  <Button
                    variant="primary"
                    loading={busy}
                    disabled={lines.length === 0 || catalogue.closed}
                    onClick={() => void place()}
                    data-testid="order-place"
                  >
                    {w.place}
                  </Button>
                }
              >
                {catalogue.name ?? catalogue.customerId}
              </Header>
            }
            items={catalogue.products}
            trackBy="code"
            columnDefinitions={[
              { id: 'code', header: w.code, cell: (p) => p.code },
              { id: 'name', header: w.product, cell: (p) => p.name },
              { id: 'unit', header: w.unit, cell: (p) => p.unit },
              { id: 'price', header: w.price, cell: (p) => w.yuan(p.priceCents) },
              { id: 'remaining', header: w.remaining, cell: (p) => p.remaining },
              {
                id: 'limit',
                header: w.limit,
                cell: (p) => (p.limit.max === null ? w.noLimit : `${p.limit.min}–${p.limit.max}`),
              },
              { id: 'ordered', header: w.ordered, cell: (p) => p.ordered },
              {
                id: 'allowed',
                header: w.allowed,
                cell: (p) => <Box data-testid={`allowed-${p.code}`}>{p.allowed}</Box>,
              },
              {
                id: 'qty',
                header: w.quantity,
                cell: (p) => (
                  <div style={{ width: 90 }}>
                    <Input
                      type="number"
                      inputMode="numeric"
                      ariaLabel={`${w.quantity} ${p.code}`}
                      value={quantities[p.code] ?? ''}
                      onChange={(e) => setQuantities((q) => ({ ...q, [p.code]: e.detail.value }))}
                      data-testid={`qty-${p.code}`}
                    />
                  </div>
                ),
              },
            ]}
            empty={<Box>{w.noProducts}</Box>}
          />
        )}
        {catalogue && (
          <Table
            variant="container"
            data-testid="order-history"
            header={<Header variant="h2">{w.recentOrders}</Header>}
            items={orders}
            trackBy="orderId"
            columnDefinitions={[
              { id: 'id', header: w.order, cell: (o) => o.orderId },
              { id: 'status', header: w.status, cell: (o) => o.status },
              {
                id: 'lines',
                header: w.lines,
                cell: (o) => o.lines.map((l) => `${l.name} × ${l.quantity}`).join('，'),
              },
              { id: 'total', header: w.total, cell: (o) => w.yuan(o.totalCents) },
              {
                id: 'at',
                header: w.createdAt,
                cell: (o) => new Date(o.createdAt).toLocaleString(lang, { timeZone: catalogue.timeZone }),
              },
              { id: 'by', header: w.by, cell: (o) => `${o.createdBy} (${o.source})` },
            ]}
            empty={<Box>—</Box>}
          />
        )}
      </SpaceBetween>
    </ContentLayout>
  );
}
