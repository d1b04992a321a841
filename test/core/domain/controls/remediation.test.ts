import { describe, expect, it } from 'vitest';
import { CONTROLS } from '../../../../core/domain/catalog';

describe('every control names its fix', () => {
  it('has a one-line remediation an on-call engineer can act on', () => {
    const missing = CONTROLS.filter((c) => !c.remediation).map((c) => c.id);
    expect(missing).toEqual([]);
    for (const c of CONTROLS) {
      const fix = c.remediation ?? '';
      // one line, short enough for a Slack field and a binder table cell, ending as a sentence
      expect(fix, c.id).not.toMatch(/\n/);
      expect(fix.length, c.id).toBeLessThanOrEqual(140);
      expect(fix, c.id).toMatch(/^[A-Z].*\.$/);
    }
  });
});
