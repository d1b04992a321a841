/**
 * The ePHI system inventory: resources whose tags put them in scope (45 CFR 164.308(a)(1)(ii)(A): the
 * risk analysis starts from where ePHI lives). Read from the chain heads, which carry each subject's
 * scope as its latest configuration item showed it.
 */
import type { EvidenceStore } from '../ports/evidence-store';

export interface InventoryItem {
  subjectKey: string;
  resourceType: string;
  resourceId: string;
  arn?: string;
  accountId: string;
  region: string;
  /** in scope since (the configuration item that first showed the matching tag) */
  since: string;
  /** the tag key whose value matched a scope rule (the value itself is never stored) */
  matchedTagKey?: string;
}

/** Every resource in the ePHI inventory now, by account, region, type and id. */
export async function inventory(store: EvidenceStore): Promise<InventoryItem[]> {
  const items: InventoryItem[] = [];
  for await (const head of store.listHeads()) {
    if (!head.ephi?.inScope) continue;
    const s = head.subject;
    items.push({
      subjectKey: head.subjectKey,
      resourceType: s.resourceType,
      resourceId: s.resourceId,
      ...(s.arn ? { arn: s.arn } : {}),
      accountId: s.accountId,
      region: s.region,
      since: head.ephi.since,
      ...(head.ephi.matchedTagKey ? { matchedTagKey: head.ephi.matchedTagKey } : {}),
    });
  }
  return items.sort(
    (a, b) =>
      a.accountId.localeCompare(b.accountId) ||
      a.region.localeCompare(b.region) ||
      a.resourceType.localeCompare(b.resourceType) ||
      a.resourceId.localeCompare(b.resourceId),
  );
}
