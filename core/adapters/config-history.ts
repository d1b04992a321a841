/**
 * AWS Config's configuration history through its API, for `evidence backfill`: the resources Config
 * has discovered of each catalog resource type (deleted ones included: their history is evidence of
 * past periods), and each one's configuration items since a date, oldest first. Every call is paginated;
 * throttling is absorbed by the client's adaptive retry (core/adapters/sweep/clients.ts settings).
 * Items come out in the shape of Config's history files (times as ISO strings), which ingest reads.
 */
import {
  type ConfigServiceClient,
  type ConfigurationItem,
  paginateGetResourceConfigHistory,
  paginateListDiscoveredResources,
  type ResourceType,
} from '@aws-sdk/client-config-service';

/** One resource Config has discovered. */
export interface DiscoveredResource {
  resourceType: string;
  resourceId: string;
  /** resourceType/resourceId: what a resumed backfill skips */
  key: string;
}

/** A resource type Config would not list (not recorded, or not a Config type in this region), and why. */
export interface SkippedType {
  resourceType: string;
  reason: string;
}

const iso = (d: Date | undefined) => (d ? d.toISOString() : undefined);

/** A Config API item in the shape of a Config history file's item (dates as ISO strings). */
export function historyFileItem(item: ConfigurationItem): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ...item,
    configurationItemCaptureTime: iso(item.configurationItemCaptureTime),
    resourceCreationTime: iso(item.resourceCreationTime),
    configurationItemDeliveryTime: iso(item.configurationItemDeliveryTime),
  };
  for (const [k, v] of Object.entries(out)) if (v === undefined) delete out[k];
  return out;
}

/** The resources of the given types Config has discovered, deleted ones included, type by type. */
export async function discoverResources(
  client: ConfigServiceClient,
  resourceTypes: readonly string[],
): Promise<{ resources: DiscoveredResource[]; skipped: SkippedType[] }> {
  const resources: DiscoveredResource[] = [];
  const skipped: SkippedType[] = [];
  for (const resourceType of resourceTypes) {
    try {
      const pages = paginateListDiscoveredResources(
        { client },
        { resourceType: resourceType as ResourceType, includeDeletedResources: true },
      );
      for await (const page of pages)
        for (const r of page.resourceIdentifiers ?? [])
          if (r.resourceId)
            resources.push({
              resourceType,
              resourceId: r.resourceId,
              key: `${resourceType}/${r.resourceId}`,
            });
    } catch (error) {
      // a type this region's Config does not know is a skip, said with the service's reason
      if ((error as { name?: string }).name !== 'ValidationException') throw error;
      skipped.push({ resourceType, reason: (error as Error).message });
    }
  }
  return { resources, skipped };
}

/** One resource's configuration items captured from `since` (to `until`, when given), oldest first. */
export async function* resourceHistory(
  client: ConfigServiceClient,
  resource: DiscoveredResource,
  since: Date,
  until?: Date,
): AsyncIterable<Record<string, unknown>> {
  const pages = paginateGetResourceConfigHistory(
    { client },
    {
      resourceType: resource.resourceType as ResourceType,
      resourceId: resource.resourceId,
      earlierTime: since,
      ...(until ? { laterTime: until } : {}),
      chronologicalOrder: 'Forward',
    },
  );
  for await (const page of pages)
    for (const item of page.configurationItems ?? []) yield historyFileItem(item);
}
