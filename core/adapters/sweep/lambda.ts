/**
 * Lambda: every function of the swept region as a configuration item of AWS::Lambda::Function, with
 * its resource-based policy (supplementaryConfiguration.Policy, the JSON text GetPolicy returns, null
 * when the function has none) and its function URLs (supplementaryConfiguration.FunctionUrlConfigs,
 * each { functionUrl, authType }). A function whose policy or URLs cannot be read is left unobserved
 * this time, and the gap names it.
 */
import {
  GetPolicyCommand,
  type LambdaClient,
  paginateListFunctions,
  paginateListFunctionUrlConfigs,
} from '@aws-sdk/client-lambda';
import type { CollectorResult, SweepCollector, SweepContext, SweepItem } from '../../ports/sweep-collector';
import { mapLimit } from '../../support/concurrency';
import { ApiLog, accountOfArn, compact, configurationItem, isFactError } from './calls';

export function lambdaCollector(client: LambdaClient): SweepCollector {
  return {
    service: 'lambda',
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const log = new ApiLog();
      const pages = await log.pages('lambda:ListFunctions', () => paginateListFunctions({ client }, {}));
      if (!pages) return { items: [], apis: log.results(), accountIds: [] };
      log.reached('lambda:GetPolicy');
      log.reached('lambda:ListFunctionUrlConfigs');
      const functions = pages.flatMap((p) => p.Functions ?? []).filter((f) => f.FunctionName);
      const accountIds = functions.map((f) => accountOfArn(f.FunctionArn)).filter((a): a is string => !!a);
      const items = await mapLimit(functions, ctx.concurrency, async (f): Promise<SweepItem[]> => {
        const FunctionName = f.FunctionName as string;
        const policy = await log.call(
          'lambda:GetPolicy',
          () => client.send(new GetPolicyCommand({ FunctionName })),
          // a function without a resource-based policy answers ResourceNotFoundException
          { resource: FunctionName, facts: ['ResourceNotFoundException'] },
        );
        const urls = await log.get(
          'lambda:ListFunctionUrlConfigs',
          async () => {
            const out = [];
            for await (const page of paginateListFunctionUrlConfigs({ client }, { FunctionName }))
              out.push(page);
            return out;
          },
          FunctionName,
        );
        if (policy === undefined || urls === undefined) return [];
        const account = accountOfArn(f.FunctionArn);
        return [
          configurationItem(ctx, 'lambda:ListFunctions', {
            type: 'AWS::Lambda::Function',
            id: FunctionName,
            ...(f.FunctionArn ? { arn: f.FunctionArn } : {}),
            ...(account ? { accountId: account } : {}),
            configuration: compact({
              functionName: FunctionName,
              functionArn: f.FunctionArn,
              runtime: f.Runtime,
              packageType: f.PackageType,
            }),
            supplementaryConfiguration: {
              Policy: isFactError(policy) ? null : (policy.Policy ?? null),
              FunctionUrlConfigs: urls
                .flatMap((p) => p.FunctionUrlConfigs ?? [])
                .map((u) => compact({ functionUrl: u.FunctionUrl, authType: u.AuthType })),
            },
          }),
        ];
      });
      return { items: items.flat(), apis: log.results(), accountIds };
    },
  };
}
