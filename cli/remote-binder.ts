/**
 * `evidence binder --remote`: asks the deployed export function for a binder and returns where it is.
 * The request is checked here with the function's own schema, so a bad period fails before any call.
 */
import {
  InvokeCommand,
  type InvokeCommandOutput,
  LambdaClient,
  LambdaServiceException,
} from '@aws-sdk/client-lambda';
import { UsageError } from '../core/ports/errors';
import {
  describeIssues,
  ExportRequestSchema,
  type ExportResult,
  ExportResultSchema,
  FunctionErrorPayloadSchema,
} from '../evidence-schemas/export-request';

export interface RemoteBinderRequest {
  /** name or ARN of the export function (the stack output ExportFunctionName) */
  functionName: string;
  from: string;
  to: string;
  accounts?: string[];
  title?: string;
}

/** The export function ran and reported an error (`errorType` as the function named it). */
export class RemoteBinderError extends Error {
  constructor(
    message: string,
    readonly errorType: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RemoteBinderError';
  }
}

let defaultClient: LambdaClient | undefined;

/** Invokes the export function synchronously and returns its parsed result. */
export async function invokeRemoteBinder(
  request: RemoteBinderRequest,
  client?: LambdaClient,
): Promise<ExportResult> {
  const { functionName, ...body } = request;
  if (functionName.trim() === '') throw new UsageError('--remote needs the export function name or ARN');
  const parsed = ExportRequestSchema.safeParse(body);
  if (!parsed.success) throw new UsageError(`invalid binder request: ${describeIssues(parsed.error)}`);
  defaultClient ??= client ? undefined : new LambdaClient({});
  const lambda = client ?? (defaultClient as LambdaClient);

  let res: InvokeCommandOutput;
  try {
    res = await lambda.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'RequestResponse',
        Payload: Buffer.from(JSON.stringify(parsed.data), 'utf8'),
      }),
    );
  } catch (error) {
    if (error instanceof LambdaServiceException) {
      throw new RemoteBinderError(
        `could not invoke ${functionName}: ${error.name}: ${error.message}`,
        error.name,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
  const payload = decode(res.Payload);
  if (res.FunctionError) {
    const detail = FunctionErrorPayloadSchema.safeParse(payload);
    const type = (detail.success && detail.data.errorType) || res.FunctionError;
    const message = (detail.success && detail.data.errorMessage) || 'no error message';
    throw new RemoteBinderError(`${functionName} failed (${type}): ${message}`, type);
  }
  const result = ExportResultSchema.safeParse(payload);
  if (!result.success) {
    throw new RemoteBinderError(
      `${functionName} returned an unexpected response: ${describeIssues(result.error)}`,
      'UnexpectedResponse',
    );
  }
  return result.data;
}

/** The payload as JSON; undefined when there is none or it is not JSON (the schemas then say so). */
function decode(payload: Uint8Array | undefined): unknown {
  if (!payload || payload.byteLength === 0) return undefined;
  try {
    return JSON.parse(Buffer.from(payload).toString('utf8'));
  } catch {
    return undefined;
  }
}
