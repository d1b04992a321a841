import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEvents } from '../../cli/demo/scenario';
import { run } from '../helpers/run-cli';

interface StatusJson {
  accounts?: string[];
  controls: { controlId: string; resources: { subject: { accountId: string } }[] }[];
}

const accountsIn = (report: StatusJson) =>
  [...new Set(report.controls.flatMap((c) => c.resources.map((r) => r.subject.accountId)))].sort();

describe('evidence status --account (one member account of an organization)', () => {
  let dir: string;
  let dataDir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evidence-status-account-'));
    dataDir = join(dir, 'data');
    const file = join(dir, 'events.json');
    // the demo month in the production account, and the same month in a second member account
    const text = JSON.stringify(demoEvents());
    writeFileSync(
      file,
      `[${text.slice(1, -1)},${text.replaceAll('111122223333', '444455556666').slice(1, -1)}]`,
    );
    const ingested = await run('ingest', file, '--data-dir', dataDir, '--json');
    expect(ingested.code).toBe(0);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists every account without the option, and only the named one with it', async () => {
    const all: StatusJson = JSON.parse((await run('status', '--data-dir', dataDir, '--json')).stdout);
    expect(accountsIn(all)).toEqual(['111122223333', '444455556666']);

    const res = await run('status', '--data-dir', dataDir, '--account', '444455556666', '--json');
    expect(res.code).toBe(0);
    const one: StatusJson = JSON.parse(res.stdout);
    expect(one.accounts).toEqual(['444455556666']);
    expect(accountsIn(one)).toEqual(['444455556666']);
  });

  it('refuses an account id that is not one, naming it', async () => {
    const res = await run('status', '--data-dir', dataDir, '--account', 'prod');
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('"prod"');
  });
});
