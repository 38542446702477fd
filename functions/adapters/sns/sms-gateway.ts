import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { type Notifier, type SmsGateway, SmsOptedOutError } from '../../ports/sms.js';

/** SMS through SNS Publish to a phone number (PhoneNumber), Transactional or Promotional. */
export class SnsSmsGateway implements SmsGateway {
  constructor(private readonly sns: SNSClient) {}

  async send(msg: {
    to: string;
    body: string;
    senderId?: string;
    marketing: boolean;
  }): Promise<{ messageId: string }> {
    try {
      const out = await this.sns.send(
        new PublishCommand({
          PhoneNumber: msg.to,
          Message: msg.body,
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': {
              DataType: 'String',
              StringValue: msg.marketing ? 'Promotional' : 'Transactional',
            },
            ...(msg.senderId
              ? { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: msg.senderId } }
              : {}),
          },
        }),
      );
      if (!out.MessageId) throw new Error('SNS returned no MessageId');
      return { messageId: out.MessageId };
    } catch (err) {
      // SNS refuses numbers on its opt-out list with an InvalidParameter naming the opt-out.
      if (err instanceof Error && /opted out/i.test(err.message)) throw new SmsOptedOutError(err.message);
      throw err;
    }
  }
}

/** Escalations and notices to SNS topics, by key (department → topic ARN). */
export class SnsNotifier implements Notifier {
  constructor(
    private readonly sns: SNSClient,
    /** Topic key (e.g. `reminder`, `supervisor`) → topic ARN. */
    private readonly topics: Readonly<Record<string, string>>,
  ) {}

  async notify(msg: { topic: string; subject: string; body: string }): Promise<{ messageId: string }> {
    const arn = this.topics[msg.topic];
    if (!arn) throw new Error(`no SNS topic for "${msg.topic}"`);
    const out = await this.sns.send(
      new PublishCommand({ TopicArn: arn, Subject: msg.subject.slice(0, 99), Message: msg.body }),
    );
    return { messageId: out.MessageId ?? '' };
  }
}
