/**
 * The benchmarks' events: log groups whose retention and encryption change through Config items,
 * PutRetentionPolicy calls and Config rule verdicts, in rounds over the subjects (every subject's
 * events in time order), as a generator so a large run is never held in memory.
 */
import { apiCall, complianceChange, configItemChange, type Where } from '../cli/demo/events';

const where: Where = { account: '111122223333', region: 'us-east-1' };

export function* benchEvents(count: number, subjects: number): Generator<unknown> {
  const base = Date.UTC(2026, 9, 1);
  for (let i = 0; i < count; i++) {
    const s = i % subjects;
    const name = `/bench/app-${s}`;
    const time = new Date(base + i * 1000).toISOString();
    switch (Math.floor(i / subjects) % 3) {
      case 0:
        yield configItemChange(where, time, {
          resourceType: 'AWS::Logs::LogGroup',
          resourceId: name,
          arn: `arn:aws:logs:us-east-1:${where.account}:log-group:${name}:*`,
          configuration: {
            logGroupName: name,
            retentionInDays: i % 2 ? 30 : 3653,
            kmsKeyId: i % 4 ? 'arn:aws:kms:us-east-1:111122223333:key/k' : undefined,
          },
        });
        break;
      case 1:
        yield apiCall(
          where,
          time,
          { type: 'IAMUser', name: `user-${s % 50}` },
          {
            eventSource: 'logs.amazonaws.com',
            eventName: 'PutRetentionPolicy',
            requestParameters: { logGroupName: name, retentionInDays: 30 + (i % 5) },
          },
        );
        break;
      default:
        yield complianceChange(where, time, {
          name: 'cw-loggroup-retention-period-check-conformance-pack-abc123',
          resourceType: 'AWS::Logs::LogGroup',
          resourceId: name,
          compliance: i % 2 ? 'NON_COMPLIANT' : 'COMPLIANT',
        });
    }
  }
}
