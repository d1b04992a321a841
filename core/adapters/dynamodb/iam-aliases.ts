/**
 * IAM identity aliases: an IAM user's or role's unique id (AIDA…/AROA…) with the name and ARN a source
 * gave with it, one item per identity. Ingest writes them when a source names an identity both ways and
 * looks them up to resolve a Config verdict that names the unique id alone; readers look them up for
 * records stored before the alias was known (core/domain/iam-identity.ts).
 */
import { z } from 'zod';
import type { IamAlias } from '../../domain/iam-identity';
import { batchGet, batchWrite, type Item, S, str, type Table } from './table';
import { aliasKeyOf } from './table-schema';

const AliasItemSchema = z.object({
  accountId: z.string().regex(/^\d{12}$/),
  uniqueId: z.string().min(1),
  resourceType: z.string().min(1),
  name: z.string().min(1),
  arn: z.string().startsWith('arn:'),
});

/** The stored aliases of these unique ids (an id never named with its ARN has none). */
export async function getIamAliases(
  table: Table,
  ids: { accountId: string; uniqueId: string }[],
): Promise<IamAlias[]> {
  const keys = new Map<string, Item>();
  for (const id of ids) {
    const k = aliasKeyOf(id.accountId, id.uniqueId);
    keys.set(k.pk, { pk: S(k.pk), sk: S(k.sk) });
  }
  const out: IamAlias[] = [];
  for (const item of await batchGet(table, [...keys.values()])) {
    // an item that does not parse is not an alias: the identity stays unresolved, never misnamed
    const parsed = AliasItemSchema.safeParse({
      accountId: str(item, 'accountId'),
      uniqueId: str(item, 'uniqueId'),
      resourceType: str(item, 'resourceType'),
      name: str(item, 'name'),
      arn: str(item, 'arn'),
    });
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

/** Stores aliases (a unique id names one identity for good, so a put only ever repeats the same facts). */
export async function putIamAliases(table: Table, aliases: IamAlias[], learntAt: string): Promise<void> {
  await batchWrite(
    table,
    aliases.map((a) => {
      const { pk, sk } = aliasKeyOf(a.accountId, a.uniqueId);
      return {
        PutRequest: {
          Item: {
            pk: S(pk),
            sk: S(sk),
            kind: S('iam-alias'),
            accountId: S(a.accountId),
            uniqueId: S(a.uniqueId),
            resourceType: S(a.resourceType),
            name: S(a.name),
            arn: S(a.arn),
            learntAt: S(learntAt),
          },
        },
      };
    }),
  );
}
