import { describe, expect, it } from 'vitest';
import { notableMessage } from '../../../core/domain/slack-notable';
import type { NotableEntry } from '../../../evidence-schemas';

const denied: NotableEntry = {
  id: 'notable:ev_00000000000000000000000000000001',
  kind: 'denied-attempt',
  what: 'StopLogging attempted on <org-trail>',
  who: 'arn:aws:sts::111122223333:assumed-role/ContractorAdmin/j.smith',
  sourceIpAddress: '203.0.113.77',
  at: '2026-10-18T23:10:00.000Z',
  outcome: 'denied',
  errorCode: 'AccessDenied',
  eventName: 'StopLogging',
  subjectKey: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail',
  subject: {
    accountId: '111122223333',
    region: 'us-east-1',
    resourceType: 'AWS::CloudTrail::Trail',
    resourceId: 'org-trail',
  },
  evidenceId: 'ev_00000000000000000000000000000001',
  sequence: 3,
  citations: ['164.308(a)(1)(ii)(D)', '164.308(a)(6)(ii)'],
};

describe('notableMessage', () => {
  it('says what, who, from where, when, the outcome and the citations, and that it is not posture', () => {
    // Act
    const m = notableMessage(denied);
    // Assess
    expect(m.text).toBe(
      'Denied attempt (to review, not a posture change): StopLogging attempted on <org-trail>, denied (AccessDenied), at 2026-10-18T23:10:00.000Z by arn:aws:sts::111122223333:assumed-role/ContractorAdmin/j.smith from 203.0.113.77, on AWS::CloudTrail::Trail org-trail in 111122223333/us-east-1. Bears on 164.308(a)(1)(ii)(D), 164.308(a)(6)(ii). Evidence ev_00000000000000000000000000000001.',
    );
    const blocks = JSON.stringify(m.blocks);
    expect(blocks).toContain('StopLogging attempted on &lt;org-trail&gt;');
    expect(blocks).toContain('*From*\\n203.0.113.77');
    expect(blocks).toContain('164.308(a)(6)(ii) Response and reporting');
    expect(m.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Denied attempt', emoji: true },
    });
  });

  it('says when the source address was not recorded', () => {
    const { sourceIpAddress: _ip, ...noIp } = denied;
    expect(JSON.stringify(notableMessage({ ...noIp, outcome: 'succeeded' }).blocks)).toContain(
      'not recorded',
    );
  });
});
