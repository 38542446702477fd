/**
 * The local SMS gateway and notifier: what SNS would send is appended to a JSON-lines outbox under
 * $HOTLINE_HOME (`sms-outbox.jsonl`, `notifications.jsonl`), which `hotline sms outbox` shows.
 */
import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type OutboxLine, OutboxLineSchema } from '../../../schemas/sms.js';
import type { Notifier, SmsGateway } from '../../ports/sms.js';

export const outboxPath = (home: string) => join(home, 'sms-outbox.jsonl');
export const notificationsPath = (home: string) => join(home, 'notifications.jsonl');

async function append(file: string, line: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(line)}\n`, 'utf8');
}

export class OutboxSmsGateway implements SmsGateway {
  constructor(
    private readonly home: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(msg: { to: string; body: string; senderId?: string }): Promise<{ messageId: string }> {
    const line: OutboxLine = {
      messageId: `local-${randomUUID()}`,
      to: msg.to,
      body: msg.body,
      ...(msg.senderId ? { senderId: msg.senderId } : {}),
      at: this.now().toISOString(),
    };
    await append(outboxPath(this.home), line);
    return { messageId: line.messageId };
  }
}

export class OutboxNotifier implements Notifier {
  constructor(
    private readonly home: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async notify(msg: { topic: string; subject: string; body: string }): Promise<{ messageId: string }> {
    const messageId = `local-${randomUUID()}`;
    await append(notificationsPath(this.home), { messageId, ...msg, at: this.now().toISOString() });
    return { messageId };
  }
}

/** The outbox, oldest first (empty when nothing was sent yet). */
export async function readOutbox(home: string): Promise<OutboxLine[]> {
  const text = await readFile(outboxPath(home), 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => OutboxLineSchema.parse(JSON.parse(l)));
}
