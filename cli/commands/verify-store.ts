import { verifyStore } from '../../lambdas/usecases/verify-store';
import { type GlobalOptions, openContext } from '../context';
import { EXIT } from '../exit-codes';
import { formatVerify } from '../format';
import type { Output } from '../output';

export async function verifyStoreCommand(opts: GlobalOptions, out: Output): Promise<number> {
  const ctx = await openContext(opts);
  try {
    const report = await verifyStore(ctx.store);
    out.result(report, () => formatVerify(report));
    return report.ok ? EXIT.ok : EXIT.integrity;
  } finally {
    await ctx.close();
  }
}
