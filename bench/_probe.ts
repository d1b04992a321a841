import { apiCall, configItemChange, complianceChange } from '../cli/demo/events';
import { DynamoDbEvidenceStore } from '../lambdas/adapters/dynamodb-store';
import { startEmbeddedDynamo } from '../lambdas/adapters/embedded-store';
import { ensureTable } from '../lambdas/adapters/table-bootstrap';
import { ingest } from '../lambdas/usecases/ingest';
import { parseEvent } from '../lambdas/domain/normalize';
import { assess } from '../lambdas/domain/catalog';
import { prepareRecord } from '../lambdas/domain/chain';
const where = { account: '111122223333', region: 'us-east-1' };
const events: unknown[] = [];
for (let i = 0; i < 5000; i++) { const s = i % 500; const name = `/b/${s}`; const time = new Date(Date.UTC(2026,9,1) + i*1000).toISOString();
  events.push(i % 3 === 0 ? configItemChange(where, time, { resourceType: 'AWS::Logs::LogGroup', resourceId: name, arn: `arn:aws:logs:us-east-1:111122223333:log-group:${name}:*`, configuration: { logGroupName: name, retentionInDays: i % 2 ? 30 : 3653 } })
   : i % 3 === 1 ? apiCall(where, time, { type: 'IAMUser', name: 'u' }, { eventSource: 'logs.amazonaws.com', eventName: 'PutRetentionPolicy', requestParameters: { logGroupName: name, retentionInDays: 30 + i % 5 } })
   : complianceChange(where, time, { name: 'cw-loggroup-retention-period-check', resourceType: 'AWS::Logs::LogGroup', resourceId: name, compliance: i % 2 ? 'COMPLIANT' : 'NON_COMPLIANT' })); }
const t = (label: string, fn: () => void) => { const s = process.cpuUsage(); fn(); const u = process.cpuUsage(s); console.log(label, ((u.user + u.system) / events.length).toFixed(1), 'us/event'); };
const parsed = events.map((e) => parseEvent(e));
t('parse', () => { for (const e of events) parseEvent(e); });
const obs = parsed.flatMap((p) => p.kind === 'observation' ? [p.observation] : []);
t('assess', () => { for (const o of obs) assess(o); });
const as = obs.map((o) => assess(o));
t('prepare', () => { obs.forEach((o, i) => prepareRecord(o, as[i]!)); });
const d = await startEmbeddedDynamo();
await ensureTable(d.client, 'evidence');
const counts = new Map<string, number>();
d.client.middlewareStack.add((next, ctx) => async (args) => { counts.set(ctx.commandName!, (counts.get(ctx.commandName!) ?? 0) + 1); return next(args); }, { step: 'initialize' });
const t0 = performance.now();
const r = await ingest(events.map((raw, i) => ({ raw, origin: String(i) })), { store: new DynamoDbEvidenceStore({ tableName: 'evidence', client: d.client }) });
console.log('ingest ms', (performance.now() - t0).toFixed(0), 'stored', r.stored, 'unchanged', r.unchanged, Object.fromEntries(counts));
await d.close();
