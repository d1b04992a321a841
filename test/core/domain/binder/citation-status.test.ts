import { describe, expect, it } from 'vitest';
import { citationStatus } from '../../../../core/domain/binder/build-model';

const v = (
  kind: 'resource' | 'collection' | 'sign-off',
  status: 'COMPLIANT' | 'NON_COMPLIANT' | 'EXCEPTED',
) => ({
  kind,
  status,
});

describe("a citation's status at the end of the period", () => {
  it('is NO_EVIDENCE when only healthy collectors bear on it: looking is not finding', () => {
    expect(citationStatus([v('collection', 'COMPLIANT'), v('collection', 'COMPLIANT')])).toBe('NO_EVIDENCE');
    expect(citationStatus([])).toBe('NO_EVIDENCE');
  });

  it('is NON_COMPLIANT when a collector fails, even with no resource', () => {
    expect(citationStatus([v('collection', 'COMPLIANT'), v('collection', 'NON_COMPLIANT')])).toBe(
      'NON_COMPLIANT',
    );
  });

  it('is the worst verdict of resources, sign-offs and collectors once there is evidence', () => {
    expect(citationStatus([v('resource', 'COMPLIANT'), v('collection', 'COMPLIANT')])).toBe('COMPLIANT');
    expect(citationStatus([v('resource', 'COMPLIANT'), v('collection', 'NON_COMPLIANT')])).toBe(
      'NON_COMPLIANT',
    );
    expect(citationStatus([v('sign-off', 'EXCEPTED'), v('resource', 'COMPLIANT')])).toBe('EXCEPTED');
  });
});
