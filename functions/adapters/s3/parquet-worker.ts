/**
 * The Parquet encoding thread (worker_threads) of the exports (parquet-threads.ts): takes a detached batch (its
 * column arrays transferred, not copied), encodes it as one Parquet file (encodeBatch: Arrow, then Rust's Parquet
 * writer as WebAssembly) and sends the file back with the batch's arrays, both transferred, for the next batches.
 * It says `ready` once its modules are loaded, so a thread that cannot start is known before any batch is handed to it.
 */
import { parentPort } from 'node:worker_threads';
import { batchBuffers, type DetachedBatch, encodeBatch, ready } from './parquet-encoder.js';

/** A batch to encode, numbered by the sender. */
export interface EncodeRequest {
  readonly id: number;
  readonly batch: DetachedBatch;
}

/** The file of request `id` (or why it could not be made), with the batch's arrays given back. */
export type EncodeReply =
  | { readonly id: number; readonly body: Uint8Array; readonly batch: DetachedBatch }
  | { readonly id: number; readonly error: string; readonly batch: DetachedBatch };

const port = parentPort;
if (port) {
  port.on('message', ({ id, batch }: EncodeRequest) => {
    let reply: EncodeReply;
    const transfer = batchBuffers(batch);
    try {
      const body = encodeBatch(batch);
      reply = { id, body, batch };
      transfer.push(body.buffer as ArrayBuffer);
    } catch (e) {
      reply = { id, error: e instanceof Error ? e.message : String(e), batch };
    }
    port.postMessage(reply, transfer);
  });
  // The WebAssembly module is compiled as the thread starts, before it says it is ready, not with the first batch.
  ready();
  port.postMessage('ready');
}
