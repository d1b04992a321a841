import { describe, expect, it } from 'vitest';
import { assess } from '../../../../../core/domain/catalog';
import { control } from '../../../../../core/domain/controls/access/iam-user-console-unused';
import { observationOf, signInFacts } from '../../../../fixtures/builders';
import { iamUserDetail, observeSweep } from '../../../../fixtures/sweep-builders';
import { describeControl, fixture } from '../control-cases';

// the sweep builders date every observation 2026-11-22
describeControl(control, [
  {
    name: 'swept user who signed in to the console yesterday',
    observation: () => observeSweep(iamUserDetail({ consoleLastUsedOn: '2026-11-21' })),
    status: 'COMPLIANT',
  },
  {
    name: 'swept user whose console password was last used in September',
    observation: () => observeSweep(iamUserDetail({ consoleLastUsedOn: '2026-09-01' })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'swept user created in January who never signed in',
    observation: () => observeSweep(iamUserDetail({ createdOn: '2026-01-10' })),
    status: 'NON_COMPLIANT',
  },
  {
    name: 'a successful console sign-in of an IAM user',
    observation: fixture('signin-iam-user-mfa'),
    status: 'COMPLIANT',
  },
]);

describe('iam-user-console-unused details', () => {
  it.each([
    [
      iamUserDetail({ consoleLastUsedOn: '2026-09-01' }),
      'console password unused since 2026-09-01 (over 45 days)',
    ],
    [
      iamUserDetail({ createdOn: '2026-01-10' }),
      'console password never used since the user was created on 2026-01-10 (over 45 days)',
    ],
  ])('names the day, not the age (%#)', (detail, reason) => {
    // Prepare
    const obs = observeSweep(detail);
    // Act
    const found = assess(obs).find((a) => a.controlId === control.id);
    // Assess
    expect(found?.reason).toBe(reason);
  });

  it('a user created 10 days ago who never signed in is compliant', () => {
    const found = assess(observeSweep(iamUserDetail({ createdOn: '2026-11-12' }))).find(
      (a) => a.controlId === control.id,
    );
    expect(found?.status).toBe('COMPLIANT');
  });

  it('a user without a console password is not applicable', () => {
    const found = assess(observeSweep(iamUserDetail({ consoleAccess: false }))).find(
      (a) => a.controlId === control.id,
    );
    expect(found?.status).toBe('NOT_APPLICABLE');
  });

  it.each([
    [
      'a swept user whose credential report was unreadable',
      () => observeSweep(iamUserDetail({ consoleAccess: undefined })),
    ],
    [
      'a failed console sign-in',
      () => observationOf(signInFacts('IAMUser', 'Failure', false, 'Failed authentication')),
    ],
    ['a root sign-in', () => observationOf(signInFacts('Root', 'Success', true))],
  ])('says nothing about %s', (_name, obs) => {
    expect(assess(obs()).map((a) => a.controlId)).not.toContain(control.id);
  });
});
