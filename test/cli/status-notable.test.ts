import { describe, expect, it } from 'vitest';
import { formatNotable } from '../../cli/commands/status';
import type { NotableEntry } from '../../evidence-schemas';

const root: NotableEntry = {
  id: 'notable:ev_00000000000000000000000000000002',
  kind: 'root-sign-in',
  what: 'root user signed in to the console without MFA',
  who: 'arn:aws:iam::111122223333:root',
  sourceIpAddress: '198.51.100.24',
  at: '2026-10-25T06:12:00.000Z',
  outcome: 'succeeded',
  eventName: 'ConsoleLogin',
  subjectKey: '111122223333/global/AWS::::Account/111122223333',
  subject: {
    accountId: '111122223333',
    region: 'global',
    resourceType: 'AWS::::Account',
    resourceId: '111122223333',
  },
  evidenceId: 'ev_00000000000000000000000000000002',
  sequence: 1,
  citations: ['164.308(a)(1)(ii)(D)', '164.308(a)(6)(ii)', '164.312(d)'],
};

describe('status: the Notable activity section', () => {
  const window = { from: '2026-10-01T23:59:59.000Z', to: '2026-10-31T23:59:59.000Z' };

  it('gives each event when and what, then who, from where, the outcome and the citations', () => {
    expect(formatNotable([root], window)).toEqual([
      'Notable activity, 2026-10-01 to 2026-10-31 (findings to review, not posture)',
      '  2026-10-25 06:12Z  root user signed in to the console without MFA',
      '      by arn:aws:iam::111122223333:root from 198.51.100.24: succeeded; 164.308(a)(1)(ii)(D), 164.308(a)(6)(ii), 164.312(d)',
    ]);
  });

  it('says none when the window has none', () => {
    expect(formatNotable([], window)).toEqual([
      'Notable activity, 2026-10-01 to 2026-10-31 (findings to review, not posture)',
      '  none',
    ]);
  });
});
