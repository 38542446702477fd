/**
 * A stand-in AWS endpoint that misbehaves on purpose (issue 17, faults), for the services without an emulator
 * (SNS, SQS, Transcribe). The real SDK client is pointed at it, so the client's own timeouts and retries run.
 * Each request takes the next fault from the script: `hang` (accept, never answer), `reset` (drop the
 * connection), `500`/`503` (a server error), `throttle` (the protocol's throttling error); once the script is
 * used up, `answer` gives the success response (or 404). Every request is kept, with its body.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export type Fault = 'hang' | 'reset' | '500' | '503' | 'throttle';
/** `pass`: let this request through to the answer (a proxy's target) although faults follow. */
export type Step = Fault | 'pass';

export interface SeenRequest {
  readonly target: string;
  readonly body: string;
  /** What the server did with it. */
  readonly outcome: Fault | 'answered';
}

export interface FaultServer {
  readonly endpoint: string;
  readonly requests: SeenRequest[];
  /** Faults (or `pass`) for the next requests, in order. */
  script(...steps: Step[]): void;
  /** Drop what is left of the script. */
  heal(): void;
  close(): Promise<void>;
}

/** awsQuery (SNS) or JSON (SQS, Transcribe): decides the throttling error's shape. */
export type Protocol = 'query' | 'json';

/** The request's operation: `X-Amz-Target` (JSON protocols) or the `Action` form field (query). */
function targetOf(req: IncomingMessage, body: string): string {
  const header = req.headers['x-amz-target'];
  if (typeof header === 'string') return header.split('.').pop() ?? header;
  return new URLSearchParams(body).get('Action') ?? '';
}

function throttle(res: ServerResponse, protocol: Protocol) {
  if (protocol === 'query') {
    res.writeHead(400, { 'content-type': 'text/xml' });
    res.end(
      '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>fault</RequestId></ErrorResponse>',
    );
  } else {
    res.writeHead(400, {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-errortype': 'ThrottlingException',
    });
    res.end(JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }));
  }
}

export async function startFaultServer(
  protocol: Protocol,
  answer: (target: string, body: string, res: ServerResponse, req: IncomingMessage) => void = (
    _t,
    _b,
    res,
  ) => {
    res.writeHead(404);
    res.end();
  },
): Promise<FaultServer> {
  const queue: Step[] = [];
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const target = targetOf(req, body);
      const step = queue.shift();
      const fault = step === 'pass' ? undefined : step;
      requests.push({ target, body, outcome: fault ?? 'answered' });
      if (fault === 'hang') return;
      if (fault === 'reset') return req.socket.destroy();
      if (fault === '500' || fault === '503') {
        res.writeHead(Number(fault));
        return res.end();
      }
      if (fault === 'throttle') return throttle(res, protocol);
      answer(target, body, res, req);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('fault server: no port');
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    requests,
    script: (...steps) => queue.push(...steps),
    heal: () => queue.splice(0),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Answers for the operations the product calls, in each protocol's success shape. */
export const ANSWERS = {
  /** SNS Publish (awsQuery XML). */
  snsPublish(res: ServerResponse, messageId: string) {
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(
      `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>`,
    );
  },
  /** Any JSON-protocol operation's answer. */
  json(res: ServerResponse, body: unknown, version: '1.0' | '1.1' = '1.0') {
    res.writeHead(200, { 'content-type': `application/x-amz-json-${version}` });
    res.end(JSON.stringify(body));
  },
  /** A JSON-protocol error (e.g. Transcribe's ConflictException for a job name in use). */
  jsonError(res: ServerResponse, type: string, message: string) {
    res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type });
    res.end(JSON.stringify({ __type: type, Message: message }));
  },
};

/** An answer that forwards the request to `endpoint` (an emulator), so faults can be put in front of it. */
export function proxyTo(endpoint: string) {
  return (_target: string, body: string, res: ServerResponse, req: IncomingMessage): void => {
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k)),
    ) as Record<string, string>;
    fetch(`${endpoint}${req.url ?? '/'}`, { method: req.method ?? 'POST', headers, body })
      .then(async (r) => {
        res.writeHead(r.status, Object.fromEntries(r.headers.entries()));
        res.end(Buffer.from(await r.arrayBuffer()));
      })
      .catch(() => res.socket?.destroy());
  };
}
