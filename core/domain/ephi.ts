/**
 * ePHI scope from resource tags. Tag values are customer text and may hold PHI, so they are read here,
 * at normalize time and before redaction, only to decide scope: the evidence keeps the outcome and the
 * key of the tag that matched, never a value.
 */

/** One scope rule: a resource whose tag `key` has one of `values` (case-insensitive) is in scope. */
export interface EphiTagRule {
  key: string;
  values: string[];
}

/** The default rules: `ephi=true` or `data-classification=ephi`. */
export const DEFAULT_EPHI_TAGS: readonly EphiTagRule[] = [
  { key: 'ephi', values: ['true'] },
  { key: 'data-classification', values: ['ephi'] },
];

/** What a configuration observation records about scope. */
export interface EphiScope {
  inScope: true;
  matchedTagKey: string;
}

/** The tags of a configuration item, from `tags` and from `supplementaryConfiguration.Tags`. */
export function tagPairs(
  tags: Record<string, string>,
  supplementary: Record<string, unknown>,
): { key: string; value: string }[] {
  const out = Object.entries(tags).map(([key, value]) => ({ key, value }));
  // some types (S3 buckets among them) carry tags only as a supplementary list of {key, value}
  const list = supplementary.Tags ?? supplementary.tags;
  if (Array.isArray(list)) {
    for (const item of list) {
      if (item === null || typeof item !== 'object') continue;
      const entry = Object.entries(item);
      const key = entry.find(([k]) => k === 'key' || k === 'Key')?.[1];
      const value = entry.find(([k]) => k === 'value' || k === 'Value')?.[1];
      if (typeof key === 'string' && (typeof value === 'string' || typeof value === 'boolean'))
        out.push({ key, value: String(value) });
    }
  }
  return out;
}

/**
 * The first rule (in configured order) that a tag satisfies. Tag keys match exactly (AWS tag keys are
 * case-sensitive), values case-insensitively and trimmed.
 */
export function ephiScopeOf(
  tags: { key: string; value: string }[],
  rules: readonly EphiTagRule[],
): EphiScope | undefined {
  for (const rule of rules) {
    const wanted = new Set(rule.values.map((v) => v.trim().toLowerCase()));
    if (tags.some((t) => t.key === rule.key && wanted.has(t.value.trim().toLowerCase())))
      return { inScope: true, matchedTagKey: rule.key };
  }
  return undefined;
}
