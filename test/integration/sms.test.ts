/** The SMS message centre on DynamoDB Local with the outbox gateway; the SNS adapter with aws-sdk-client-mock. */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { SnsNotifier, SnsSmsGateway } from '../../functions/adapters/sns/sms-gateway.js';
import { SmsTemplateError } from '../../functions/core/sms.js';
import { SmsOptedOutError } from '../../functions/ports/sms.js';
import { handleReply, optOut, sendSms } from '../../functions/use-cases/sms/send-sms.js';
import { type TicketTestBed, ticketTestBed } from '../support/tickets.js';

let bed: TicketTestBed;
beforeAll(async () => {
  bed = await ticketTestBed('logistics', '2026-11-23T10:00:00+08:00');
});

const exception = (to: string) => ({
  to,
  template: 'deliveryException' as const,
  language: 'zh-CN' as const,
  variables: { trackingNumber: 'SF1234567890', reason: '收件人电话无人接听' },
  requestedBy: 'test',
});

describe('sending', () => {
  it('renders, sends to the outbox and logs the message with its status and message id', async () => {
    const r = await sendSms(bed.deps.sms, exception('139 0000 0001'));
    expect(r.status).toBe('sent');
    const [line] = (await bed.outbox()).filter((l) => l.to === '+8613900000001');
    expect(line?.body).toBe(
      '【客服中心】您的快件SF1234567890派送异常：收件人电话无人接听。如需帮助请致电客服。回复TD退订。',
    );
    const [logged] = await bed.deps.sms.store.listLog({ to: '+8613900000001' });
    expect(logged).toMatchObject({
      status: 'sent',
      providerMessageId: line?.messageId,
      template: 'deliveryException',
    });
  });

  it('refuses a template with a missing variable, with a clear error, and sends nothing', async () => {
    await expect(
      sendSms(bed.deps.sms, { ...exception('13900000002'), variables: { trackingNumber: 'SF1' } }),
    ).rejects.toThrow(new SmsTemplateError('template deliveryException needs {reason} (missing or empty)'));
    expect((await bed.outbox()).some((l) => l.to === '+8613900000002')).toBe(false);
  });

  it('always honours an opt-out (operator command), for service and marketing messages alike', async () => {
    await optOut(bed.deps.sms, '13900000003', 'operator', 'ops');
    const r = await sendSms(bed.deps.sms, exception('13900000003'));
    expect(r.status).toBe('opted_out');
    expect((await bed.outbox()).some((l) => l.to === '+8613900000003')).toBe(false);
    expect((await bed.deps.sms.store.listLog({ to: '+8613900000003' }))[0]?.status).toBe('opted_out');
    await bed.deps.sms.store.optIn('+8613900000003');
    expect((await sendSms(bed.deps.sms, exception('13900000003'))).status).toBe('sent');
  });

  it('a STOP reply opts the number out; any other reply changes nothing', async () => {
    expect(await handleReply(bed.deps.sms, '+8613900000009', 'hello?')).toBe('ignored');
    expect(await bed.deps.sms.store.isOptedOut('+8613900000009')).toBe(false);
    expect(await handleReply(bed.deps.sms, '+8613900000009', ' 退订 ')).toBe('opted_out');
    expect((await sendSms(bed.deps.sms, exception('13900000009'))).status).toBe('opted_out');
  });

  it('limits messages per number per hour', async () => {
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await sendSms(bed.deps.sms, exception('13900000004'))).status);
    expect(statuses).toEqual(['sent', 'sent', 'sent', 'sent', 'sent', 'rate_limited', 'rate_limited']);
    bed.clock.now = new Date('2026-11-23T11:00:00+08:00');
    expect((await sendSms(bed.deps.sms, exception('13900000004'))).status).toBe('sent');
  });

  it('holds marketing in quiet hours, not service messages', async () => {
    bed.clock.now = new Date('2026-11-23T22:00:00+08:00');
    const promo = await sendSms(bed.deps.sms, {
      to: '13900000005',
      template: 'promotion',
      variables: { offer: '双十二寄件八折' },
      requestedBy: 'test',
    });
    expect(promo.status).toBe('deferred');
    expect((await sendSms(bed.deps.sms, exception('13900000005'))).status).toBe('sent');
  });

  it('sends a deduplicated message once', async () => {
    const a = await sendSms(bed.deps.sms, { ...exception('13900000006'), dedupeKey: 'k1' });
    const b = await sendSms(bed.deps.sms, { ...exception('13900000006'), dedupeKey: 'k1' });
    expect([a.status, b.status]).toEqual(['sent', 'duplicate']);
  });

  it('answers invalid_number for something that is not a number', async () => {
    expect((await sendSms(bed.deps.sms, exception('anonymous'))).status).toBe('invalid_number');
  });
});

describe('SNS adapters', () => {
  it('publishes an SMS to the phone number, transactional, with the sender id', async () => {
    const sns = mockClient(SNSClient);
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const out = await new SnsSmsGateway(new SNSClient({ region: 'ap-east-1' })).send({
      to: '+8613900000007',
      body: 'hi',
      senderId: 'Express',
      marketing: false,
    });
    expect(out.messageId).toBe('m-1');
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input).toEqual({
      PhoneNumber: '+8613900000007',
      Message: 'hi',
      MessageAttributes: {
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
        'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'Express' },
      },
    });
    sns.restore();
  });

  it("turns SNS's opted-out refusal into SmsOptedOutError, which the use case logs as opted_out", async () => {
    const sns = mockClient(SNSClient);
    const err = Object.assign(new Error('Phone number is opted out'), { name: 'InvalidParameterException' });
    sns.on(PublishCommand).rejects(err);
    const gateway = new SnsSmsGateway(new SNSClient({ region: 'ap-east-1' }));
    await expect(gateway.send({ to: '+8613900000008', body: 'x', marketing: true })).rejects.toBeInstanceOf(
      SmsOptedOutError,
    );
    const r = await sendSms({ ...bed.deps.sms, gateway }, exception('13900000008'));
    expect(r.status).toBe('opted_out');
    sns.restore();
  });

  it('publishes escalations to the topic of their level', async () => {
    const sns = mockClient(SNSClient);
    sns.on(PublishCommand).resolves({ MessageId: 'n-1' });
    const notifier = new SnsNotifier(new SNSClient({ region: 'ap-east-1' }), {
      supervisor: 'arn:aws:sns:ap-east-1:1:sup',
    });
    await notifier.notify({ topic: 'supervisor', subject: 'late', body: '{}' });
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input).toEqual({
      TopicArn: 'arn:aws:sns:ap-east-1:1:sup',
      Subject: 'late',
      Message: '{}',
    });
    await expect(notifier.notify({ topic: 'reminder', subject: 's', body: 'b' })).rejects.toThrow(
      /no SNS topic/,
    );
    sns.restore();
  });
});
