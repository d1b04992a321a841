import { inventory } from '../../core/usecases/inventory';
import type { Composition, GlobalOptions } from '../composition';
import { EXIT } from '../exit-codes';
import { fitColumns } from '../layout';
import type { Output } from '../output';

/** `evidence inventory`: the resources in the ePHI inventory (tagged in scope). */
export async function inventoryCommand(_opts: GlobalOptions, out: Output, app: Composition): Promise<number> {
  const ctx = await app.open({ existing: true });
  try {
    const items = await inventory(ctx.store);
    out.result({ resources: items }, (width) =>
      items.length === 0
        ? `No resource is in the ePHI inventory (scope tags: ${ctx.config.ephi.tags.map((t) => `${t.key}=${t.values.join('|')}`).join(', ')}).`
        : [
            `ePHI inventory: ${items.length} resource(s)`,
            '',
            fitColumns(
              [
                { header: 'account' },
                { header: 'region' },
                { header: 'type' },
                { header: 'resource', below: true },
                { header: 'tag' },
                { header: 'in scope since (UTC)' },
              ],
              items.map((i) => [
                i.accountId,
                i.region,
                i.resourceType,
                i.arn ?? i.resourceId,
                i.matchedTagKey ?? '',
                i.since.slice(0, 16).replace('T', ' '),
              ]),
              width,
            ),
          ].join('\n'),
    );
    return EXIT.ok;
  } finally {
    await ctx.close();
  }
}
