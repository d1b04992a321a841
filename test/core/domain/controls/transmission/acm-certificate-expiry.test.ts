import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { prepareRecord } from '../../../../../core/domain/chain';
import { control } from '../../../../../core/domain/controls/transmission/acm-certificate-expiry';
import { parseEvent } from '../../../../../core/domain/normalize';
import { configFacts, observationOf } from '../../../../fixtures/builders';
import { certificate } from '../../../../fixtures/controls/edge';
import { describeControl, fromFacts } from '../control-cases';

const CERTIFICATE = 'AWS::ACM::Certificate';
/** A certificate item as the normalizer leaves it: captured on `asOf`. */
const observed = (notAfter: unknown, asOf = '2026-11-22') => ({
  ...configFacts(CERTIFICATE, { ...certificate('2027-01-01T00:00:00.000Z'), notAfter }),
  context: { asOf },
});

describeControl(control, [
  {
    name: 'a certificate valid for another 40 days',
    observation: fromFacts(observed('2027-01-01T12:00:00.000Z')),
    status: 'COMPLIANT',
  },
  {
    name: 'a certificate expiring in 13 days',
    observation: fromFacts(observed('2026-12-05T12:00:00.000Z')),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'an expired certificate (epoch seconds, as some items spell it)',
    observation: fromFacts(observed(Date.parse('2026-11-01T00:00:00Z') / 1000)),
    status: 'NON_COMPLIANT',
  },
]);

describe('acm-certificate-expiry measures to the day of the observation', () => {
  it('is COMPLIANT at exactly 14 days and NON_COMPLIANT a day later, whatever the wall clock', () => {
    // Prepare
    const notAfter = '2026-12-06T00:00:00.000Z';
    // Act
    const before = control.evaluate(observed(notAfter, '2026-11-22'));
    const after = control.evaluate(observed(notAfter, '2026-11-23'));
    // Assess
    expect(before?.status).toBe('COMPLIANT');
    expect(after?.status).toBe('NON_COMPLIANT');
    expect(after?.reason).toContain('2026-12-06');
  });

  it('keeps the day out of the state: an unchanged certificate seen on another day is unchanged', () => {
    // Prepare
    const seen = (asOf: string) => {
      const obs = observationOf(observed('2027-06-01T00:00:00.000Z', asOf), {
        observedAt: `${asOf}T02:00:00.000Z`,
      });
      return prepareRecord(obs, assess(obs));
    };
    // Act
    const [monday, tuesday] = [seen('2026-11-23'), seen('2026-11-24')];
    // Assess
    expect(monday.stateHash).toBe(tuesday.stateHash);
    expect(monday.contentHash).not.toBe(tuesday.contentHash);
  });

  it('reads the day from a Config item’s capture time', () => {
    // Prepare
    const raw = {
      version: '0',
      id: 'c3f1b5e2-7a1d-4c55-9e0a-1f2b3c4d5e6f',
      'detail-type': 'Config Configuration Item Change',
      source: 'aws.config',
      account: '111122223333',
      time: '2026-11-25T08:00:00Z',
      region: 'us-east-1',
      resources: [],
      detail: {
        messageType: 'ConfigurationItemChangeNotification',
        configurationItem: {
          configurationItemVersion: '1.3',
          configurationItemCaptureTime: '2026-11-25T07:59:00.000Z',
          configurationStateId: 1764057540000,
          awsAccountId: '111122223333',
          configurationItemStatus: 'OK',
          resourceType: CERTIFICATE,
          resourceId: 'arn:aws:acm:us-east-1:111122223333:certificate/12345678-1234-1234-1234-123456789012',
          ARN: 'arn:aws:acm:us-east-1:111122223333:certificate/12345678-1234-1234-1234-123456789012',
          awsRegion: 'us-east-1',
          tags: {},
          relationships: [],
          configuration: certificate('2026-12-01T00:00:00.000Z'),
          supplementaryConfiguration: {},
        },
        notificationCreationTime: '2026-11-25T08:00:00.000Z',
      },
    };
    // Act
    const out = parseEvent(raw);
    // Assess
    expect(out.kind).toBe('observation');
    if (out.kind !== 'observation') return;
    expect(out.observation.facts).toMatchObject({ context: { asOf: '2026-11-25' } });
    expect(assess(out.observation).find((a) => a.controlId === control.id)?.status).toBe('NON_COMPLIANT');
  });

  it.each([
    [
      'a certificate pending validation',
      { ...configFacts(CERTIFICATE, { status: 'PENDING_VALIDATION' }), context: { asOf: '2026-11-22' } },
    ],
    ['an item without its observed day', configFacts(CERTIFICATE, certificate('2027-01-01T00:00:00.000Z'))],
    ['an unrelated item', configFacts('AWS::S3::Bucket', {})],
  ])('is undefined for %s', (_name, facts) => {
    // Act
    const v = control.evaluate(facts);
    // Assess
    expect(v).toBeUndefined();
  });
});
