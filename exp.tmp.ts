import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiCall, complianceChange, configItemChange, type Where } from './cli/demo/events';
import { DynamoDbEvidenceStore } from './core/adapters/dynamodb/store';
import { ensureTable } from './core/adapters/dynamodb/table-bootstrap';
import { startEmbeddedDynamo } from './core/adapters/embedded/embedded-store';
import { ingest } from './core/usecases/ingest';
const where: Where = { account: '111122223333', region: 'us-east-1' };
const EVENTS = 10000, SUBJECTS = 1000;
const out: unknown[] = [];
const base = Date.UTC(2026, 9, 1);
for (let i = 0; i < EVENTS; i++) {
  const s = i % SUBJECTS; const name = `/bench/app-${s}`; const time = new Date(base + i * 1000).toISOString();
  switch (Math.floor(i / SUBJECTS) % 3) {
    case 0: out.push(configItemChange(where, time, { resourceType: 'AWS::Logs::LogGroup', resourceId: name, arn: `arn:aws:logs:us-east-1:${where.account}:log-group:${name}:*`, configuration: { logGroupName: name, retentionInDays: i % 2 ? 30 : 3653, kmsKeyId: i % 4 ? 'arn:aws:kms:us-east-1:111122223333:key/k' : undefined } })); break;
    case 1: out.push(apiCall(where, time, { type: 'IAMUser', name: `user-${s % 50}` }, { eventSource: 'logs.amazonaws.com', eventName: 'PutRetentionPolicy', requestParameters: { logGroupName: name, retentionInDays: 30 + (i % 5) } })); break;
    default: out.push(complianceChange(where, time, { name: 'cw-loggroup-retention-period-check-conformance-pack-abc123', resourceType: 'AWS::Logs::LogGroup', resourceId: name, compliance: i % 2 ? 'NON_COMPLIANT' : 'COMPLIANT' }));
  }
}
const dynamo = await startEmbeddedDynamo(join(mkdtempSync(join(tmpdir(), 'cnt-')), 'store'));
await ensureTable(dynamo.client, 'evidence');
for (const [pr, cc, t] of [[8,16,'taa'],[32,64,'tbb'],[8,16,'tcc'],[32,64,'tdd'],[64,128,'tee']] as const) {
  await ensureTable(dynamo.client, t);
  const store = new DynamoDbEvidenceStore({ tableName: t, client: dynamo.client, parallelRequests: pr });
  const t0 = performance.now();
  const r = await ingest(out.map((raw, i) => ({ raw, origin: `b#${i}` })), { store, concurrency: cc });
  console.log(pr, cc, 'ms', (performance.now() - t0).toFixed(0), r.stored);
}
await dynamo.close();
