/**
 * `evidence binder --remote <function> --state-machine <arn>`: a period too long for one invocation of
 * the export function (more than SHARDED_PERIOD_DAYS days, or any period with --sharded) is exported by
 * the sharded export state machine (lib/sharded-export.ts). The execution is started with the request
 * (checked here with the export function's own schema) and followed until it ends.
 */
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  SFNClient,
  SFNServiceException,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { UsageError } from '../core/ports/errors';
import {
  describeIssues,
  ExportRequestSchema,
  type ExportResult,
  ExportResultSchema,
} from '../evidence-schemas/export-request';
import { RemoteBinderError, type RemoteBinderRequest } from './remote-binder';

/**
 * Longer periods go to the state machine when one is given. One invocation's 10 GB of /tmp holds the
 * work of about 1.4 million records (7.2 KB each, docs/scale.md) and its 15 minutes 3 million or more;
 * the largest expected organisation stores about 1 million in 45 days.
 */
export const SHARDED_PERIOD_DAYS = 45;

/** Whether a period is exported the sharded way: `--sharded`, or longer than SHARDED_PERIOD_DAYS. */
export function wantsShardedExport(from: string, to: string, forced: boolean): boolean {
  return forced || Date.parse(to) - Date.parse(from) > SHARDED_PERIOD_DAYS * 86_400_000;
}

export interface ShardedBinderRequest extends Omit<RemoteBinderRequest, 'functionName'> {
  /** ARN of the sharded export state machine (the stack output ShardedExportStateMachineArn) */
  stateMachineArn: string;
  /** days per slice (default: the plan's) */
  sliceDays?: number;
}

export interface ShardedBinderOptions {
  client?: SFNClient;
  /** between two looks at the execution (default 10 s) */
  pollMs?: number;
  /** told each time the execution is looked at */
  onWait?: (status: string) => void;
}

let defaultClient: SFNClient | undefined;

/** Starts the sharded export of a period and waits for its binder. */
export async function runShardedBinder(
  request: ShardedBinderRequest,
  options: ShardedBinderOptions = {},
): Promise<ExportResult> {
  const { stateMachineArn, sliceDays, ...body } = request;
  if (!stateMachineArn.startsWith('arn:'))
    throw new UsageError('--state-machine needs the ARN of the sharded export state machine');
  const parsed = ExportRequestSchema.safeParse(body);
  if (!parsed.success) throw new UsageError(`invalid binder request: ${describeIssues(parsed.error)}`);
  defaultClient ??= options.client ? undefined : new SFNClient({});
  const sfn = options.client ?? (defaultClient as SFNClient);
  const send = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      if (error instanceof SFNServiceException)
        throw new RemoteBinderError(`could not ${what}: ${error.name}: ${error.message}`, error.name, {
          cause: error,
        });
      throw error;
    }
  };
  const started = await send(`start ${stateMachineArn}`, () =>
    sfn.send(
      new StartExecutionCommand({
        stateMachineArn,
        input: JSON.stringify({ request: parsed.data, ...(sliceDays ? { sliceDays } : {}) }),
      }),
    ),
  );
  const executionArn = started.executionArn;
  if (!executionArn)
    throw new RemoteBinderError(`${stateMachineArn} started no execution`, 'UnexpectedResponse');
  let run: DescribeExecutionCommandOutput;
  for (;;) {
    run = await send(`follow ${executionArn}`, () =>
      sfn.send(new DescribeExecutionCommand({ executionArn })),
    );
    if (run.status !== 'RUNNING' && run.status !== 'PENDING_REDRIVE') break;
    options.onWait?.(run.status);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 10_000));
  }
  if (run.status !== 'SUCCEEDED')
    throw new RemoteBinderError(
      `the sharded export ${executionArn} ended ${run.status} (${run.error ?? 'no error'}): ${run.cause ?? 'no cause given'}`,
      run.error ?? run.status ?? 'Unknown',
    );
  let output: unknown;
  try {
    output = JSON.parse(run.output ?? '');
  } catch {
    output = undefined;
  }
  const result = ExportResultSchema.safeParse(output);
  if (!result.success)
    throw new RemoteBinderError(
      `${executionArn} returned an unexpected result: ${describeIssues(result.error)}`,
      'UnexpectedResponse',
    );
  return result.data;
}
