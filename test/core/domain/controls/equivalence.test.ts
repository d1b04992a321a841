import { describe, expect, it } from 'vitest';
import { CONTROLS } from '../../../../core/domain/catalog';
import {
  CONFIG_RULES_UNMAPPED,
  equivalence,
  PROWLER_CHECKS_UNMAPPED,
} from '../../../../core/domain/controls/equivalence';

describe('catalog equivalence with the HIPAA conformance pack and Prowler', () => {
  it('lists no rule or check as unmapped that a control names', () => {
    const rules = new Set(CONTROLS.flatMap((c) => c.configRules));
    const checks = new Set(CONTROLS.flatMap((c) => c.prowlerChecks ?? []));
    expect(Object.keys(CONFIG_RULES_UNMAPPED).filter((r) => rules.has(r))).toEqual([]);
    expect(Object.keys(PROWLER_CHECKS_UNMAPPED).filter((c) => checks.has(c))).toEqual([]);
  });

  it('names rules as Config does and checks as Prowler does, with a reason for each exclusion', () => {
    for (const rule of Object.keys(CONFIG_RULES_UNMAPPED)) expect(rule).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    for (const check of Object.keys(PROWLER_CHECKS_UNMAPPED))
      expect(check).toMatch(/^[a-z0-9]+(_[a-z0-9]+)*$/);
    for (const u of [...Object.values(CONFIG_RULES_UNMAPPED), ...Object.values(PROWLER_CHECKS_UNMAPPED)])
      if (u.kind === 'excluded') expect(u.reason.length).toBeGreaterThan(20);
  });

  it('counts mapped, excluded, backlog, unaccounted and stale names', () => {
    const mappedRule = CONTROLS.flatMap((c) => c.configRules)[0] as string;
    const listedRule = Object.keys(CONFIG_RULES_UNMAPPED)[0] as string;
    const e = equivalence([mappedRule, listedRule, 'a-rule-nobody-knows', mappedRule], ['made_up_check']);
    expect(e.configRules).toMatchObject({
      total: 3,
      mapped: 1,
      unaccounted: ['a-rule-nobody-knows'],
      stale: [],
    });
    expect(e.configRules.excluded + e.configRules.backlog).toBe(1);
    expect(e.prowlerChecks.unaccounted).toEqual(['made_up_check']);
    const withListed = equivalence(
      [listedRule],
      [],
      [{ ...(CONTROLS[0] as (typeof CONTROLS)[number]), configRules: [listedRule] }],
    );
    expect(withListed.configRules.stale).toEqual([listedRule]);
  });
});
