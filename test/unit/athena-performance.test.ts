/**
 * Agent performance in AWS (issue 15): the Athena adapter against aws-sdk-client-mock. The named query's SQL runs in
 * the analytics workgroup over the period's partitions (the datasets it reads shadowed by `dt` bounds, as DuckDB's
 * views do), the status is polled until it succeeds, every result page is read and typed as DuckDB's adapter types
 * it; a failed query and one past its budget (stopped) become one clear 503. And the recording link: a presigned
 * SigV4 GET of the recording (what S3 needs to decrypt the KMS-encrypted object for the signer), short-lived.
 */
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  AthenaQueryError,
  AthenaQueryTimeoutError,
  referencedDatasets,
  runAthenaQuery,
  withPeriod,
} from '../../functions/adapters/athena/analytics-athena.js';
import {
  athenaPerformance,
  awsSupervision,
  presignedRecordingLink,
  RECORDING_LINK_SECONDS,
} from '../../functions/api/supervision-aws.js';
import { SupervisionUnavailableError } from '../../functions/api/supervision-deps.js';
import { namedQuery } from '../../functions/core/analytics/queries.js';

const athena = mockClient(AthenaClient);
beforeEach(() => athena.reset());

const DB = 'hotline_data_analytics';
const noWait = { sleep: async () => {}, firstPollMs: 1 };
const client = () => new AthenaClient({ region: 'ap-southeast-1' });

const header = (names: string[]) => ({ Data: names.map((n) => ({ VarCharValue: n })) });
const row = (values: (string | undefined)[]) => ({
  Data: values.map((v) => (v === undefined ? {} : { VarCharValue: v })),
});

describe('withPeriod', () => {
  const sql = namedQuery('agent_performance').sql;

  it('shadows exactly the datasets the query reads with the period’s partitions', () => {
    expect(referencedDatasets(sql)).toEqual(['contacts', 'surveys', 'evaluations']);
    const q = withPeriod(sql, DB, { from: '2026-11-01', to: '2026-11-07' });
    expect(
      q.startsWith('WITH contacts AS (SELECT * FROM "hotline_data_analytics"."contacts" WHERE dt >='),
    ).toBe(true);
    for (const d of ['contacts', 'surveys', 'evaluations'])
      expect(q).toContain(
        `${d} AS (SELECT * FROM "${DB}"."${d}" WHERE dt >= '2026-11-01' AND dt <= '2026-11-07')`,
      );
    expect(q).not.toContain('"tickets"');
    // The named query itself follows, unchanged (its own WITH clause joined to ours): one SQL for both engines.
    expect(sql.trim().startsWith('WITH ')).toBe(true);
    expect(q.endsWith(sql.trim().slice('WITH '.length))).toBe(true);
    expect(withPeriod(sql, DB, {})).toBe(sql);
    expect(withPeriod(sql, DB, { to: '2026-11-07' })).toContain("WHERE dt <= '2026-11-07')");
  });

  it('joins a query’s own WITH clause, and refuses what is not a day', () => {
    expect(withPeriod('WITH x AS (SELECT 1) SELECT * FROM x, contacts', DB, { from: '2026-11-01' })).toBe(
      `WITH contacts AS (SELECT * FROM "${DB}"."contacts" WHERE dt >= '2026-11-01'),\nx AS (SELECT 1) SELECT * FROM x, contacts`,
    );
    expect(() => withPeriod('SELECT 1 FROM contacts', DB, { from: "2026-11-01' OR 1=1 --" })).toThrow(
      AthenaQueryError,
    );
    expect(() => withPeriod('SELECT 1 FROM contacts', 'x"; DROP', { from: '2026-11-01' })).toThrow(
      AthenaQueryError,
    );
  });
});

describe('runAthenaQuery', () => {
  it('starts in the workgroup and database, polls until it succeeds, reads every page typed', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce({ QueryExecution: { Status: { State: 'QUEUED' } } })
      .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
      .resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    const ColumnInfo = [
      { Name: 'agent', Type: 'varchar' },
      { Name: 'contacts_handled', Type: 'bigint' },
      { Name: 'avg_handle_seconds', Type: 'double' },
      { Name: 'csat', Type: 'double' },
      { Name: 'transferred', Type: 'boolean' },
    ];
    athena
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', NextToken: undefined })
      .resolves({
        ResultSet: {
          ResultSetMetadata: { ColumnInfo },
          Rows: [
            header(['agent', 'contacts_handled', 'avg_handle_seconds', 'csat', 'transferred']),
            row(['agent-liu', '12', '245.5', '0.75', 'false']),
          ],
        },
        NextToken: 'page-2',
      })
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', NextToken: 'page-2' })
      .resolves({
        ResultSet: {
          ResultSetMetadata: { ColumnInfo },
          Rows: [row(['agent-wang', '3', '100', undefined, 'true'])],
        },
      });
    const rows = await runAthenaQuery(
      { client: client(), workGroup: 'Hotline-Data-analytics', database: DB, ...noWait },
      namedQuery('agent_performance').sql,
      { from: '2026-11-01', to: '2026-11-07' },
    );
    expect(rows).toEqual([
      { agent: 'agent-liu', contacts_handled: 12, avg_handle_seconds: 245.5, csat: 0.75, transferred: false },
      { agent: 'agent-wang', contacts_handled: 3, avg_handle_seconds: 100, csat: null, transferred: true },
    ]);
    const start = athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input;
    expect(start).toMatchObject({
      WorkGroup: 'Hotline-Data-analytics',
      QueryExecutionContext: { Database: DB },
    });
    expect(start?.QueryString).toContain("dt >= '2026-11-01' AND dt <= '2026-11-07'");
    // A fresh token per query: the SDK's retries of one start never start a second query.
    expect(start?.ClientRequestToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(3);
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(2);
  });

  it('a failed query says why', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-2' });
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        Status: { State: 'FAILED', StateChangeReason: 'TABLE_NOT_FOUND: Table contacts does not exist' },
      },
    });
    await expect(
      runAthenaQuery(
        { client: client(), workGroup: 'wg', database: DB, ...noWait },
        'SELECT 1 FROM contacts',
      ),
    ).rejects.toThrow(/q-2 failed: TABLE_NOT_FOUND: Table contacts does not exist/);
  });

  it('a query past its budget is stopped', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-3' });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'RUNNING' } } });
    athena.on(StopQueryExecutionCommand).resolves({});
    let t = 0;
    await expect(
      runAthenaQuery(
        {
          client: client(),
          workGroup: 'wg',
          database: DB,
          budgetMs: 5000,
          now: () => t,
          sleep: async (ms) => {
            t += ms;
          },
        },
        'SELECT 1 FROM contacts',
      ),
    ).rejects.toThrow(AthenaQueryTimeoutError);
    expect(athena.commandCalls(StopQueryExecutionCommand)[0]?.args[0].input).toEqual({
      QueryExecutionId: 'q-3',
    });
  });

  it('the performance route’s dependency turns Athena’s failures into a 503 that says why', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-4' });
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: { Status: { State: 'CANCELLED', StateChangeReason: 'bytes scanned limit exceeded' } },
    });
    const perf = athenaPerformance(client(), 'wg', DB);
    await expect(perf({ from: '2026-11-01' })).rejects.toThrow(SupervisionUnavailableError);
    await expect(perf({ from: '2026-11-01' })).rejects.toThrow(/bytes scanned limit exceeded/);
  });
});

describe('the AWS supervision wiring', () => {
  const env = {
    CONNECT_INSTANCE_ARN:
      'arn:aws:connect:ap-southeast-1:123456789012:instance/11111111-2222-3333-4444-555555555555',
    CONNECT_QUEUES: '[{"id":"q1","name":"General"}]',
    AWS_REGION: 'ap-southeast-1',
  };

  it('agent performance only with the analytics workgroup and database; recordings always by presigned link', () => {
    const without = awsSupervision(env, 'auto-dealer');
    expect(without?.performance).toBeUndefined();
    expect(without?.recordingLink).toBeTypeOf('function');
    expect(without?.recording).toBeUndefined();
    const withAthena = awsSupervision(
      { ...env, ATHENA_WORKGROUP: 'Hotline-Data-analytics', ANALYTICS_DATABASE: DB },
      'auto-dealer',
    );
    expect(withAthena?.performance).toBeTypeOf('function');
  });
});

describe('presignedRecordingLink', () => {
  it('a SigV4 GET of the recording, valid one hour, signed with the session (no bytes through the API)', async () => {
    const s3 = new S3Client({
      region: 'ap-southeast-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session-token' },
    });
    const at = new Date('2026-11-30T02:00:00Z');
    const link = await presignedRecordingLink(
      s3,
      RECORDING_LINK_SECONDS,
      () => at,
    )({
      bucket: 'hotline-data-rec-123456789012-ap-southeast-1',
      key: 'connect/hotline/CallRecordings/2026/11/30/c-1_20261130T02:00_UTC.wav',
    });
    const url = new URL(link.url);
    expect(url.host).toBe('hotline-data-rec-123456789012-ap-southeast-1.s3.ap-southeast-1.amazonaws.com');
    expect(decodeURIComponent(url.pathname)).toBe(
      '/connect/hotline/CallRecordings/2026/11/30/c-1_20261130T02:00_UTC.wav',
    );
    const q = url.searchParams;
    // SigV4 (S3 refuses SigV2 for SSE-KMS objects), only the host signed: the <audio> element's plain GET works.
    expect(q.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(q.get('X-Amz-Credential')).toBe('AKIDEXAMPLE/20261130/ap-southeast-1/s3/aws4_request');
    expect(q.get('X-Amz-Date')).toBe('20261130T020000Z');
    expect(q.get('X-Amz-Expires')).toBe('3600');
    expect(q.get('X-Amz-SignedHeaders')).toBe('host');
    expect(q.get('X-Amz-Security-Token')).toBe('session-token');
    expect(q.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(q.get('response-content-disposition')).toBe('inline');
    expect(link.expiresAt).toBe('2026-11-30T03:00:00.000Z');
  });
});
