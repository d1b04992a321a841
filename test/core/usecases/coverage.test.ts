import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, configItemChange } from '../../../cli/demo/events';
import type { DynamoDbEvidenceStore } from '../../../core/adapters/dynamodb/store';
import type { EmbeddedDynamo } from '../../../core/adapters/embedded/embedded-store';
import { parseEvent } from '../../../core/domain/normalize';
import { transitionMessage } from '../../../core/domain/slack-message';
import { checkCoverage } from '../../../core/usecases/coverage';
import { ingest } from '../../../core/usecases/ingest';
import { INTERNAL_DETAIL_TYPES, internalEvent } from '../../../evidence-schemas';
import { logGroupItem, logGroupItemIn, operator, where } from '../../helpers/events';
import { startTestStore } from '../../helpers/store';

const T0 = '2026-10-01T08:00:00.000Z';
const at = (hours: number) => new Date(Date.parse(T0) + hours * 3_600_000);
const raw = (docs: unknown[]) => docs.map((d, i) => ({ raw: d, origin: `test:${i}` }));

describe('checkCoverage on dynalite', () => {
  let dynamo: EmbeddedDynamo;
  let store: DynamoDbEvidenceStore;
  beforeAll(async () => {
    ({ store, dynamo } = await startTestStore());
  });
  afterAll(async () => {
    await dynamo.close();
  });

  it('records a gap once, keeps it unchanged while it persists, and records its resolution once', async () => {
    // Prepare: a log group evidenced at T0
    await ingest(raw([logGroupItem('/clinic/ehr', T0, 2192)]), { store, now: () => at(0) });

    // Act + Assess: fresh one hour later, nothing recorded
    const fresh = await checkCoverage(store, { now: at(1) });
    expect(fresh.gaps).toEqual([]);
    expect(fresh.ingest.received).toBe(0);

    // 30 h without evidence: one gap per evidenced control, each a new drift
    const gap = await checkCoverage(store, { now: at(30) });
    expect(gap.gaps.map((g) => g.controlId).sort()).toEqual(['log-group-encryption', 'log-retention']);
    expect(gap.ingest.stored).toBe(2);
    expect(gap.ingest.transitions.map((t) => [t.controlId, t.state, t.to])).toEqual(
      expect.arrayContaining([
        ['log-retention', 'new', 'NON_COMPLIANT'],
        ['log-group-encryption', 'new', 'NON_COMPLIANT'],
      ]),
    );
    const retention = gap.ingest.records.find((r) => r.controls[0]?.controlId === 'log-retention');
    expect(retention?.subject).toEqual({
      accountId: where.account,
      region: where.region,
      resourceType: 'HIPAA::Coverage::Control',
      resourceId: 'log-retention',
    });
    expect(retention?.source.kind).toBe('coverage-check');
    expect(retention?.controls[0]?.reason).toBe(`no fresh evidence since ${T0}; expected every 26 h`);

    // the drift alert reads as a coverage gap, with no AWS console link for a synthetic subject
    const message = transitionMessage(gap.ingest.transitions.find((t) => t.controlId === 'log-retention')!);
    expect(message.text).toMatch(
      // the headline (what, where) on its own line, then the change, when and who, in the words of producedBy
      /^New finding: Evidence coverage of "Log groups keep events for six years or more" .* on HIPAA::Coverage::Control log-retention in 444455556666\/eu-west-1\nlog-retention: NONE -> NON_COMPLIANT .* by the coverage check\n/,
    );
    expect(message.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context']);

    // the gap persists: no new record, no transition
    const again = await checkCoverage(store, { now: at(31) });
    expect(again.gaps).toHaveLength(2);
    expect(again.ingest).toMatchObject({ stored: 0, unchanged: 2, transitions: [] });

    // evidence again: the gap resolves, once
    await ingest(raw([logGroupItem('/clinic/ehr', at(32).toISOString(), 2192)]), {
      store,
      now: () => at(32),
    });
    const resolved = await checkCoverage(store, { now: at(33) });
    expect(resolved.gaps).toEqual([]);
    expect(resolved.ingest.stored).toBe(2);
    expect(resolved.ingest.transitions.map((t) => [t.state, t.to])).toEqual([
      ['resolved', 'COMPLIANT'],
      ['resolved', 'COMPLIANT'],
    ]);
    expect(resolved.ingest.transitions[0]?.timeToRemediateMs).toBe(3 * 3_600_000);

    const quiet = await checkCoverage(store, { now: at(34) });
    expect(quiet.ingest).toMatchObject({ received: 0, stored: 0, transitions: [] });

    // the coverage subject's posture is what status reads: compliant again
    const heads = await store.getHeads([
      `${where.account}/${where.region}/HIPAA::Coverage::Control/log-retention`,
    ]);
    const head = [...heads.values()][0];
    expect(head?.posture['log-retention']?.status).toBe('COMPLIANT');
    expect(head?.sequence).toBe(2);
  });

  it('reports a stopped recorder as the cause for Config-evidenced controls', async () => {
    // Prepare: a second region, with a log group and a recorder stopped 1 h later
    const region = { ...where, region: 'us-west-2' };
    const stop = apiCall(region, at(1).toISOString(), operator, {
      eventSource: 'config.amazonaws.com',
      eventName: 'StopConfigurationRecorder',
      requestParameters: { configurationRecorderName: 'default' },
    });
    const westItem = configItemChange(region, T0, {
      resourceType: 'AWS::Logs::LogGroup',
      resourceId: '/clinic/west',
      arn: `arn:aws:logs:us-west-2:${where.account}:log-group:/clinic/west:*`,
      configuration: { logGroupName: '/clinic/west', retentionInDays: 2192 },
    });
    await ingest(raw([westItem, stop]), { store, now: () => at(1) });
    // Act
    const result = await checkCoverage(store, { now: at(2) });
    // Assess
    const west = result.gaps.filter((g) => g.region === 'us-west-2');
    expect(west.map((g) => [g.controlId, g.gap?.cause])).toEqual([
      ['log-group-encryption', 'recorder-stopped'],
      ['log-retention', 'recorder-stopped'],
    ]);
    const record = result.ingest.records.find(
      (r) => r.subject.region === 'us-west-2' && r.controls[0]?.controlId === 'log-retention',
    );
    expect(record?.controls[0]?.reason).toBe(
      `Config recorder stopped (default) since ${at(1).toISOString()}: Config evidence is not collected`,
    );
  });

  it('attack 5: an old event that arrives late never closes a newer coverage gap', async () => {
    // Prepare: a log group of its own region evidenced at T0; the check at 30 h records a stale gap
    const region = { ...where, region: 'ap-south-1' };
    const item = (time: string, retentionInDays: number) =>
      logGroupItemIn(region, '/clinic/south', time, retentionInDays);
    const south = <E extends { region: string; controlId: string }>(entries: E[]) =>
      entries.filter((e) => e.region === 'ap-south-1' && e.controlId === 'log-retention');
    await ingest(raw([item(T0, 2192)]), { store, now: () => at(0) });
    const gap = await checkCoverage(store, { now: at(30) });
    expect(south(gap.gaps)).toHaveLength(1);

    // Act: an event observed at 25 h (before the gap) arrives at 31 h
    const late = await ingest(raw([item(at(25).toISOString(), 3000)]), { store, now: () => at(31) });
    const check = await checkCoverage(store, { now: at(31) });

    // Assess: stored as evidence, but the gap stays open: no resolution
    expect(late.stored).toBe(1);
    expect(south(check.gaps).map((g) => [g.gap?.cause, g.gap?.since, g.lastEvidenceAt])).toEqual([
      ['stale', at(30).toISOString(), at(25).toISOString()],
    ]);
    expect(check.ingest.transitions.filter((t) => t.subject.region === 'ap-south-1')).toEqual([]);

    // evidence observed after the gap closes it
    await ingest(raw([item(at(32).toISOString(), 3653)]), { store, now: () => at(32) });
    const closed = await checkCoverage(store, { now: at(32) });
    expect(south(closed.gaps)).toEqual([]);
    expect(
      closed.ingest.transitions
        .filter((t) => t.subject.region === 'ap-south-1' && t.controlId === 'log-retention')
        .map((t) => [t.state, t.to]),
    ).toEqual([['resolved', 'COMPLIANT']]);
  });

  it('quarantines a coverage event naming an unknown control or lacking its cause', () => {
    // Prepare
    const event = (detail: Record<string, unknown>) =>
      internalEvent(INTERNAL_DETAIL_TYPES.coverage, {
        id: 'coverage-x',
        time: T0,
        account: where.account,
        region: where.region,
        detail: { accountId: where.account, region: where.region, expectedHours: 26, ...detail },
      });
    // Act + Assess
    expect(parseEvent(event({ controlId: 'no-such-control', state: 'fresh' }))).toEqual({
      kind: 'invalid',
      reason: 'invalid Evidence Coverage Check detail: controlId: unknown control "no-such-control"',
    });
    const noCause = parseEvent(event({ controlId: 'log-retention', state: 'gap' }));
    expect(noCause.kind).toBe('invalid');
    expect(noCause.kind === 'invalid' && noCause.reason).toContain('a gap needs its cause and since');
  });
});
