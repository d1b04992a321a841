import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main';
import { RemoteBinderError } from '../../cli/remote-binder';
import { runShardedBinder, wantsShardedExport } from '../../cli/remote-sharded-binder';

const sfn = mockClient(SFNClient);
const lambda = mockClient(LambdaClient);
const client = () =>
  new SFNClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });
const MACHINE = 'arn:aws:states:eu-west-1:111111111111:stateMachine:PipelineShardedExport';
const EXECUTION = 'arn:aws:states:eu-west-1:111111111111:execution:PipelineShardedExport:run-1';
const RESULT = Object.freeze({
  bucket: 'hipaa-binders-111111111111',
  zipKey: 'binders/2025-01-01T00:00:00.000Z_2025-12-31T23:59:59.999Z/2026-11-02T10:00:00.000Z/binder.zip',
  pdfKey: 'binders/2025-01-01T00:00:00.000Z_2025-12-31T23:59:59.999Z/2026-11-02T10:00:00.000Z/binder.pdf',
  url: 'https://hipaa-binders-111111111111.s3.eu-west-1.amazonaws.com/binders/x.zip?X-Amz-Expires=3600',
  expiresAt: '2026-11-02T11:00:00.000Z',
  generatedAt: '2026-11-02T10:00:00.000Z',
  rootHash: 'a'.repeat(64),
  evidenceRootHash: 'b'.repeat(64),
  records: 8_300_000,
  files: 8_300_012,
  signed: true,
});
const started = { executionArn: EXECUTION, startDate: new Date() };

describe('the sharded export from the CLI (Step Functions mocked)', () => {
  beforeAll(() => {
    process.env.AWS_REGION ??= 'eu-west-1';
    process.env.AWS_ACCESS_KEY_ID ??= 'AKIDEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'secret';
  });
  afterEach(() => {
    sfn.reset();
    lambda.reset();
  });

  it('takes periods longer than 45 days (or --sharded) the sharded way', () => {
    expect(wantsShardedExport('2026-10-01T00:00:00.000Z', '2026-10-31T23:59:59.999Z', false)).toBe(false);
    expect(wantsShardedExport('2026-10-01T00:00:00.000Z', '2026-11-14T23:59:59.999Z', false)).toBe(false);
    expect(wantsShardedExport('2026-10-01T00:00:00.000Z', '2026-11-15T00:00:00.001Z', false)).toBe(true);
    expect(wantsShardedExport('2025-01-01T00:00:00.000Z', '2025-12-31T23:59:59.999Z', false)).toBe(true);
    expect(wantsShardedExport('2026-10-01T00:00:00.000Z', '2026-10-31T23:59:59.999Z', true)).toBe(true);
  });

  it('refuses --state-machine without --remote, and --sharded without --state-machine, naming the option', async () => {
    let stderr = '';
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr += String(chunk);
      return true;
    });
    let codes: number[];
    try {
      codes = [
        await main(['binder', '--from', '2025-01-01', '--to', '2025-12-31', '--state-machine', MACHINE]),
        await main([
          'binder',
          '--from',
          '2025-01-01',
          '--to',
          '2025-12-31',
          '--remote',
          'ExportFn',
          '--sharded',
        ]),
      ];
    } finally {
      err.mockRestore();
    }
    expect(codes).toEqual([2, 2]);
    expect(stderr).toContain('--state-machine needs --remote');
    expect(stderr).toContain('--sharded needs --state-machine');
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('starts an execution with the checked request and follows it to its binder', async () => {
    sfn.on(StartExecutionCommand).resolves(started);
    sfn
      .on(DescribeExecutionCommand)
      .resolvesOnce({
        status: 'RUNNING',
        executionArn: EXECUTION,
        stateMachineArn: MACHINE,
        startDate: new Date(),
      })
      .resolves({
        status: 'SUCCEEDED',
        output: JSON.stringify(RESULT),
        executionArn: EXECUTION,
        stateMachineArn: MACHINE,
        startDate: new Date(),
      });
    const waits: string[] = [];

    const result = await runShardedBinder(
      { stateMachineArn: MACHINE, from: '2025-01-01', to: '2025-12-31', sliceDays: 30 },
      { client: client(), pollMs: 1, onWait: (s) => waits.push(s) },
    );

    expect(result).toEqual(RESULT);
    expect(waits).toEqual(['RUNNING']);
    const input = JSON.parse(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input.input!);
    expect(input).toEqual({
      request: { from: '2025-01-01T00:00:00.000Z', to: '2025-12-31T23:59:59.999Z' },
      sliceDays: 30,
    });
  });

  it('reports a failed execution with the error and cause the failing step gave', async () => {
    sfn.on(StartExecutionCommand).resolves(started);
    sfn.on(DescribeExecutionCommand).resolves({
      status: 'FAILED',
      error: 'BinderSourceIntegrityError',
      cause: '1 evidence problem(s) in the store; no binder was written.',
      executionArn: EXECUTION,
      stateMachineArn: MACHINE,
      startDate: new Date(),
    });

    const run = runShardedBinder(
      { stateMachineArn: MACHINE, from: '2025-01-01', to: '2025-12-31' },
      { client: client() },
    );

    await expect(run).rejects.toThrow(RemoteBinderError);
    await expect(run).rejects.toThrow(/ended FAILED \(BinderSourceIntegrityError\): 1 evidence problem/);
  });

  it('evidence binder --remote --state-machine: a year goes to the state machine, a month to the function', async () => {
    sfn.on(StartExecutionCommand).resolves(started);
    sfn.on(DescribeExecutionCommand).resolves({
      status: 'SUCCEEDED',
      output: JSON.stringify(RESULT),
      executionArn: EXECUTION,
      stateMachineArn: MACHINE,
      startDate: new Date(),
    });
    const text = JSON.stringify({ ...RESULT, records: 42, files: 45 });
    lambda
      .on(InvokeCommand)
      .resolves({ StatusCode: 200, Payload: new Uint8Array(Buffer.from(text)) as never });
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const binder = (from: string, to: string) =>
      main([
        'binder',
        '--from',
        from,
        '--to',
        to,
        '--remote',
        'ExportFn',
        '--state-machine',
        MACHINE,
        '--json',
      ]);
    let codes: number[];
    try {
      codes = [await binder('2025-01-01', '2025-12-31'), await binder('2026-10-01', '2026-10-31')];
    } finally {
      spy.mockRestore();
      err.mockRestore();
    }

    expect(codes).toEqual([0, 0]);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(1);
    expect(JSON.parse(out[0]!)).toMatchObject({ records: 8_300_000 });
    expect(JSON.parse(out[1]!)).toMatchObject({ records: 42 });
  });
});
