import {
  ConfigServiceClient,
  GetResourceConfigHistoryCommand,
  type ResourceType,
} from '@aws-sdk/client-config-service';
import { ConfigItemSchema, type NormalizedConfigItem } from '../../evidence-schemas';

let defaultClient: ConfigServiceClient | undefined;

/**
 * Fetches the current configuration item of a resource from the Config API: what an oversized change
 * notification leaves out. Returns undefined when Config has no item for it.
 */
export function configItemFetcher(client?: ConfigServiceClient) {
  return async (resourceType: string, resourceId: string): Promise<NormalizedConfigItem | undefined> => {
    defaultClient ??= client ? undefined : new ConfigServiceClient({});
    const c = client ?? (defaultClient as ConfigServiceClient);
    const res = await c.send(
      new GetResourceConfigHistoryCommand({
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
