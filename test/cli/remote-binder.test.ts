import {
  InvokeCommand,
  type InvokeCommandOutput,
  LambdaClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main';
import { invokeRemoteBinder, RemoteBinderError } from '../../cli/remote-binder';
import { UsageError } from '../../core/ports/errors';

const lambda = mockClient(LambdaClient);
const client = () =>
  new LambdaClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });
const FUNCTION = 'HipaaEvidenceStack-PipelineExportFunction';
/** A response payload as the SDK hands it over: bytes that can also turn themselves into a string. */
const payload = (value: unknown): InvokeCommandOutput['Payload'] => {
  const text = JSON.stringify(value);
  return Object.assign(new Uint8Array(Buffer.from(text)), {
    transformToString: (encoding?: string) =>
      Buffer.from(text).toString((encoding ?? 'utf8') as BufferEncoding),
  });
};

const RESULT = Object.freeze({
  bucket: 'hipaa-binders-111111111111',
  zipKey: 'binders/2026-10-01T00:00:00.000Z_2026-10-31T23:59:59.999Z/2026-11-02T10:00:00.000Z/binder.zip',
  pdfKey: 'binders/2026-10-01T00:00:00.000Z_2026-10-31T23:59:59.999Z/2026-11-02T10:00:00.000Z/binder.pdf',
  url: 'https://hipaa-binders-111111111111.s3.eu-west-1.amazonaws.com/binders/x.zip?X-Amz-Expires=3600',
  expiresAt: '2026-11-02T11:00:00.000Z',
  generatedAt: '2026-11-02T10:00:00.000Z',
  rootHash: 'a'.repeat(64),
  evidenceRootHash: 'b'.repeat(64),
  records: 42,
  files: 45,
  signed: true,
});

describe('invokeRemoteBinder', () => {
  afterEach(() => {
    lambda.reset();
  });

  it('invokes the function synchronously with the normalised request and returns the parsed result', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: payload(structuredClone(RESULT)) });

    const result = await invokeRemoteBinder(
      {
        functionName: FUNCTION,
        from: '2026-10-01',
        to: '2026-10-31',
        accounts: ['111122223333'],
        title: 'Oct',
      },
      client(),
    );

    expect(result).toEqual(RESULT);
    const input = lambda.commandCalls(InvokeCommand)[0]!.args[0].input;
    expect(input.FunctionName).toBe(FUNCTION);
    expect(input.InvocationType).toBe('RequestResponse');
    expect(JSON.parse(Buffer.from(input.Payload as Uint8Array).toString())).toEqual({
      from: '2026-10-01T00:00:00.000Z',
      to: '2026-10-31T23:59:59.999Z',
      accounts: ['111122223333'],
      title: 'Oct',
    });
  });

  it('throws the function error with its type and message', async () => {
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: payload({
        errorType: 'BinderSourceIntegrityError',
        errorMessage: '2 evidence problem(s)',
        trace: [],
      }),
    });

    const error = await invokeRemoteBinder(
      { functionName: FUNCTION, from: '2026-10-01', to: '2026-10-31' },
      client(),
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RemoteBinderError);
    expect((error as RemoteBinderError).errorType).toBe('BinderSourceIntegrityError');
    expect((error as Error).message).toBe(
      `${FUNCTION} failed (BinderSourceIntegrityError): 2 evidence problem(s)`,
    );
  });

  it('names the FunctionError when the payload carries no detail', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, FunctionError: 'Unhandled', Payload: undefined });

    await expect(
      invokeRemoteBinder({ functionName: FUNCTION, from: '2026-10-01', to: '2026-10-31' }, client()),
    ).rejects.toThrow(`${FUNCTION} failed (Unhandled): no error message`);
  });

  it('rejects a response that is not an export result', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: payload({ ...RESULT, rootHash: 'nope' }) });

    await expect(
      invokeRemoteBinder({ functionName: FUNCTION, from: '2026-10-01', to: '2026-10-31' }, client()),
    ).rejects.toThrow(/returned an unexpected response: rootHash: not a lower-case hex SHA-256/);
  });

  it('translates a service error such as an unknown function', async () => {
    lambda
      .on(InvokeCommand)
      .rejects(new ResourceNotFoundException({ message: 'Function not found', $metadata: {} }));

    await expect(
      invokeRemoteBinder({ functionName: FUNCTION, from: '2026-10-01', to: '2026-10-31' }, client()),
    ).rejects.toThrow(`could not invoke ${FUNCTION}: ResourceNotFoundException: Function not found`);
  });

  it('rejects a bad period before calling the function, naming the field', async () => {
    const error = await invokeRemoteBinder(
      { functionName: FUNCTION, from: '2026-10-31', to: '2026-10-01' },
      client(),
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/^invalid binder request: to: the period ends/);
    await expect(
      invokeRemoteBinder({ functionName: ' ', from: '2026-10-01', to: '2026-10-02' }, client()),
    ).rejects.toThrow(/--remote needs the export function name/);
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
  });
});

describe('evidence binder --remote', () => {
  afterEach(() => {
    lambda.reset();
  });

  it('runs the export function for the period and prints where the binder is', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: payload(structuredClone(RESULT)) });
    process.env.AWS_REGION ??= 'eu-west-1';
    process.env.AWS_ACCESS_KEY_ID ??= 'AKIDEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'secret';
    let stdout = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      stdout += String(chunk);
      return true;
    });

    let code: number;
    try {
      code = await main([
        'binder',
        '--from',
        '2026-10-01',
        '--to',
        '2026-10-31',
        '--remote',
        FUNCTION,
        '--json',
      ]);
    } finally {
      spy.mockRestore();
    }

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ zipKey: RESULT.zipKey, rootHash: RESULT.rootHash });
    const sent = JSON.parse(
      Buffer.from(lambda.commandCalls(InvokeCommand)[0]!.args[0].input.Payload as Uint8Array).toString(
        'utf8',
      ),
    );
    expect(sent).toMatchObject({ from: '2026-10-01T00:00:00.000Z', to: '2026-10-31T23:59:59.999Z' });
  });
});
