import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type DeadLetter, DeadLetterSchema } from '../../../schemas/call-record.js';
import type { DeadLetterQueue } from '../../ports/call-records.js';

/** The local dead-letter queue: one JSON line per letter in a file (under $HOTLINE_HOME). */
export class FileDeadLetterQueue implements DeadLetterQueue {
  constructor(readonly path: string) {}

  async send(letter: DeadLetter): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await appendFile(this.path, `${JSON.stringify(DeadLetterSchema.parse(letter))}\n`, 'utf8');
  }

  async list(): Promise<DeadLetter[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .filter(Boolean)
      .map((l) => DeadLetterSchema.parse(JSON.parse(l)));
  }
}

/** In-memory dead-letter queue (tests, benchmarks). */
export class MemoryDeadLetterQueue implements DeadLetterQueue {
  readonly letters: DeadLetter[] = [];
  async send(letter: DeadLetter): Promise<void> {
    this.letters.push(DeadLetterSchema.parse(letter));
  }
}
