import type { ConfigServiceClient, ResourceType } from '@aws-sdk/client-config-service';
import { ConfigItemSchema, type NormalizedConfigItem } from '../../evidence-schemas';

let defaultClient: ConfigServiceClient | undefined;

/**
 * The Config SDK is loaded on the first oversized notification, not at cold start: the collect
 * function rarely needs it, and evaluating the client module is most of what its init costs above a
 * bare DynamoDB client (bench/coldstart.bench.ts).
 */
const configSdk = () => import('@aws-sdk/client-config-service');

/**
 * Fetches the current configuration item of a resource from the Config API: what an oversized change
 * notification leaves out. Returns undefined when Config has no item for it.
 */
export function configItemFetcher(client?: ConfigServiceClient) {
  return async (resourceType: string, resourceId: string): Promise<NormalizedConfigItem | undefined> => {
    const sdk = await configSdk();
    defaultClient ??= client ? undefined : new sdk.ConfigServiceClient({});
    const c = client ?? (defaultClient as ConfigServiceClient);
    const res = await c.send(
      new sdk.GetResourceConfigHistoryCommand({
        resourceType: resourceType as ResourceType,
        resourceId,
        limit: 1,
      }),
    );
    const item = res.configurationItems?.[0];
    if (!item) return undefined;
    // the SDK returns capture times as Date objects; the schema reads the wire spellings
    const wire = JSON.parse(JSON.stringify(item)) as unknown;
    const parsed = ConfigItemSchema.safeParse(wire);
    if (!parsed.success)
      throw new Error(`Config returned an item that does not parse: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  };
}
