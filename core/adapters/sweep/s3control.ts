/**
 * S3 Control: the account-level Block Public Access settings, as the configuration item of
 * AWS::S3::AccountPublicAccessBlock Config records (resource id: the account id; configuration: the four
 * settings in camelCase). An account without the setting is recorded with an empty configuration, which
 * the catalog judges as all four settings off. S3 Control addresses the account by id: without one named
 * for the sweep (the Lambda's own account, or --account-id) the read is a gap, not a guess.
 */
import { GetPublicAccessBlockCommand, type S3ControlClient } from '@aws-sdk/client-s3-control';
import type { CollectorResult, SweepCollector, SweepContext } from '../../ports/sweep-collector';
import { ApiLog, configCase, configurationItem, isFactError } from './calls';

const API = 's3control:GetPublicAccessBlock';

export function s3ControlCollector(client: S3ControlClient): SweepCollector {
  return {
    service: 's3control',
    needsAccount: true,
    async collect(ctx: SweepContext): Promise<CollectorResult> {
      const log = new ApiLog();
      const AccountId = ctx.accountId;
      const result = await log.call(
        API,
        async () => {
          if (!AccountId) {
            const e = new Error(
              'the account id is not known: pass --account-id to read its Block Public Access',
            );
            e.name = 'AccountIdUnknown';
            throw e;
          }
          return client.send(new GetPublicAccessBlockCommand({ AccountId }));
        },
        { facts: ['NoSuchPublicAccessBlockConfiguration'] },
      );
      if (result === undefined || !AccountId) return { items: [], apis: log.results(), accountIds: [] };
      // an account without the setting has all four off: an empty configuration says so
      const settings = isFactError(result) ? {} : configCase(result.PublicAccessBlockConfiguration ?? {});
      const item = configurationItem(ctx, API, {
        type: 'AWS::S3::AccountPublicAccessBlock',
        id: AccountId,
        accountId: AccountId,
        configuration: settings as Record<string, unknown>,
      });
      return { items: [item], apis: log.results(), accountIds: [AccountId] };
    },
  };
}
