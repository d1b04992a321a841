import { describe, expect, it } from 'vitest';
import { assess, cloudTrailEventNames } from '../../../../core/domain/catalog';
import { expandDocument, parseEvent } from '../../../../core/domain/normalize';
import { ACCOUNT, deleteAt, detailOf, loadEvent, observe, setAt } from '../../../fixtures/builders';
import { TRAIL_ARN } from './fixture-arns';

const INSIGHT_REASON =
  'CloudTrail Insights event (ApiCallRateInsight Start iam.amazonaws.com CreateAccessKey): an anomaly summary, not an API call; no control evaluates Insights yet';

/** The KMS service event, renamed to a call the catalog watches and aimed at the fixture trail. */
function serviceEventOnTrail(): Record<string, unknown> {
  const raw = loadEvent('ct-service-event-kms-rotate-key');
  setAt(raw, ['detail', 'eventSource'], 'cloudtrail.amazonaws.com');
  setAt(raw, ['detail', 'eventName'], 'StopLogging');
  setAt(raw, ['detail', 'requestParameters'], { name: TRAIL_ARN });
  return raw;
}

describe('AWS Service Event via CloudTrail', () => {
  it('ignores a service event whose name the catalog does not map, naming its kind', () => {
    // Prepare
    const raw = loadEvent('ct-service-event-kms-rotate-key');
    // Act
    const out = parseEvent(raw);
    // Assess
    expect(cloudTrailEventNames()).not.toContain('RotateKey');
    expect(out).toEqual({
      kind: 'ignored',
      reason: 'CloudTrail service event RotateKey bears on no control',
    });
  });

  it('ignores the same record read from a log file', () => {
    // Prepare
    const file = { Records: [detailOf('ct-service-event-kms-rotate-key')] };
    // Act
    const out = expandDocument(file).map((e) => parseEvent(e));
    // Assess
    expect(out).toEqual([
      { kind: 'ignored', reason: 'CloudTrail service event RotateKey bears on no control' },
    ]);
  });

  it('stores a service event whose name the catalog maps, by the same path as an API call', () => {
    // Prepare
    const raw = serviceEventOnTrail();
    setAt(raw, ['detail', 'userIdentity'], { type: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com' });
    deleteAt(raw, ['detail', 'sourceIPAddress']);
    // Act
    const obs = observe(raw);
    // Assess
    expect(obs.subject).toMatchObject({ resourceType: 'AWS::CloudTrail::Trail', arn: TRAIL_ARN });
    expect(obs.source).toMatchObject({ kind: 'cloudtrail-api-call', eventName: 'StopLogging' });
    expect(obs.actor).toEqual({ principalType: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com' });
    expect(obs.facts).toMatchObject({ type: 'api-call', callerType: 'AWSService' });
    expect(assess(obs).map((a) => [a.controlId, a.status])).toContainEqual([
      'cloudtrail-logging',
      'NON_COMPLIANT',
    ]);
  });

  it('names AWS as the caller when a service event carries an identity without a type', () => {
    // Prepare
    const raw = serviceEventOnTrail();
    // Act
    const obs = observe(raw);
    // Assess
    expect(obs.actor).toEqual({
      principalType: 'AWSService',
      accountId: ACCOUNT,
      invokedBy: 'AWS Internal',
      sourceIpAddress: 'AWS Internal',
    });
    expect(obs.facts).toMatchObject({ callerType: 'AWSService' });
  });

  it('keeps "Unknown" for an untyped identity on an API call', () => {
    // Prepare
    const raw = loadEvent('ct-stop-logging');
    setAt(raw, ['detail', 'userIdentity'], { accountId: ACCOUNT });
    // Act
    const obs = observe(raw);
    // Assess
    expect(obs.actor?.principalType).toBe('Unknown');
  });
});

describe('AWS Console Action via CloudTrail', () => {
  it('ignores a console action whose name the catalog does not map, naming its kind', () => {
    // Prepare
    const raw = loadEvent('ct-console-action');
    // Act
    const out = parseEvent(raw);
    // Assess
    expect(out).toEqual({
      kind: 'ignored',
      reason: 'CloudTrail console action DescribeEventAggregates bears on no control',
    });
  });

  it('observes a console action the catalog maps exactly as the API call of that name', () => {
    // Prepare
    const call = loadEvent('ct-put-bucket-policy');
    const action = loadEvent('ct-put-bucket-policy');
    setAt(action, ['detail-type'], 'AWS Console Action via CloudTrail');
    setAt(action, ['detail', 'eventType'], 'AwsConsoleAction');
    // Act
    const [fromCall, fromAction] = [observe(call), observe(action)];
    // Assess
    expect(fromAction).toEqual(fromCall);
  });

  it('rejects a console action with an invalid record, naming the field', () => {
    // Prepare
    const raw = setAt(loadEvent('ct-console-action'), ['detail', 'recipientAccountId'], 'acct-1111');
    // Act
    const out = parseEvent(raw);
    // Assess
    expect(out.kind).toBe('invalid');
    expect(out.kind !== 'observation' && out.reason).toMatch(
      /^invalid AWS Console Action via CloudTrail event: detail\.recipientAccountId/,
    );
  });
});

describe('AWS Insight via CloudTrail', () => {
  it('ignores an Insights event with what the anomaly was about', () => {
    // Prepare
    const raw = loadEvent('ct-insight');
    // Act
    const out = parseEvent(raw);
    // Assess
    expect(out).toEqual({ kind: 'ignored', reason: INSIGHT_REASON });
  });

  it('ignores the same record read from a log file, where no eventName sits at the top', () => {
    // Prepare
    const file = { Records: [detailOf('ct-insight')] };
    // Act
    const out = expandDocument(file).map((e) => parseEvent(e));
    // Assess
    expect(out).toEqual([{ kind: 'ignored', reason: INSIGHT_REASON }]);
  });

  it.each([
    ['an envelope account that is not digits', ['account'], 'acct-1111', /: account: /],
    [
      'a detail account that is not digits',
      ['detail', 'recipientAccountId'],
      'x',
      /detail\.recipientAccountId/,
    ],
    ['a detail that is not an Insights record', ['detail', 'eventType'], 'AwsApiCall', /detail\.eventType/],
    [
      'insightDetails that are not an object',
      ['detail', 'insightDetails'],
      'Start',
      /detail\.insightDetails/,
    ],
  ] as const)('rejects an Insights event with %s', (_name, path, value, field) => {
    // Prepare
    const raw = setAt(loadEvent('ct-insight'), path, value);
    // Act
    const out = parseEvent(raw);
    // Assess
    expect(out.kind).toBe('invalid');
    expect(out.kind !== 'observation' && out.reason).toMatch(/^invalid AWS Insight via CloudTrail event/);
    expect(out.kind !== 'observation' && out.reason).toMatch(field);
  });

  it('rejects an Insights record from a log file with a bad time', () => {
    // Prepare
    const record = setAt(detailOf('ct-insight'), ['eventTime'], 'at dawn');
    // Act
    const out = parseEvent(record);
    // Assess
    expect(out.kind).toBe('invalid');
    expect(out.kind !== 'observation' && out.reason).toMatch(
      /^invalid CloudTrail Insights record: eventTime/,
    );
  });
});
