import { apiCall, configItemChange, complianceChange } from '../cli/demo/events';
import { DynamoDbEvidenceStore } from '../lambdas/adapters/dynamodb-store';
import { startEmbeddedDynamo } from '../lambdas/adapters/embedded-store';
import { ensureTable } from '../lambdas/adapters/table-bootstrap';
import { ingest } from '../lambdas/usecases/ingest';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const where = { account: '111122223333', region: 'us-east-1' };
const events: unknown[] = [];
const N = 20000, S = 2000;
for (let i = 0; i < N; i++) { const s = i % S; const name = `/b/${s}`; const time = new Date(Date.UTC(2026,9,1) + i*1000).toISOString();
  const k = Math.floor(i / S) % 3;
  events.push(k === 0 ? configItemChange(where, time, { resourceType: 'AWS::Logs::LogGroup', resourceId: name, arn: `arn:aws:logs:us-east-1:111122223333:log-group:${name}:*`, configuration: { logGroupName: name, retentionInDays: i % 2 ? 30 : 3653 } })
   : k === 1 ? apiCall(where, time, { type: 'IAMUser', name: 'u' }, { eventSource: 'logs.amazonaws.com', eventName: 'PutRetentionPolicy', requestParameters: { logGroupName: name, retentionInDays: 30 + i % 5 } })
   : complianceChange(where, time, { name: 'cw-loggroup-retention-period-check', resourceType: 'AWS::Logs::LogGroup', resourceId: name, compliance: i % 2 ? 'COMPLIANT' : 'NON_COMPLIANT' })); }
const d = await startEmbeddedDynamo('/tmp/probe-store-' + Date.now());
await ensureTable(d.client, 'evidence');
const store = new DynamoDbEvidenceStore({ tableName: 'evidence', client: d.client });
const times = new Map<string, number>();
for (const m of ['getHeads', 'findSourceEvents', 'putRecords', 'commitHead', 'putPostureIndex', 'markSourceEvents'] as const) {
  const orig = (store as any)[m].bind(store);
  (store as any)[m] = async (...a: unknown[]) => { const t = performance.now(); try { return await orig(...a); } finally { times.set(m, (times.get(m) ?? 0) + performance.now() - t); } };
}
const t0 = performance.now();
const r = await ingest(events.map((raw, i) => ({ raw, origin: String(i) })), { store });
console.log('total', (performance.now() - t0).toFixed(0), 'stored', r.stored, Object.fromEntries([...times].map(([k, v]) => [k, Math.round(v)])));
await d.close();
