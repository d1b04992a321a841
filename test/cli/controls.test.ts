import { describe, expect, it } from 'vitest';
import { formatControls } from '../../cli/commands/controls';
import { CITATIONS, CONTROLS } from '../../core/domain/catalog';
import { run } from '../helpers/run-cli';

describe('evidence controls', () => {
  it('prints the whole catalog with --json: citations resolved, sweep calls with their IAM actions', async () => {
    // Act
    const res = await run('controls', '--json');
    // Assess
    expect(res.code).toBe(0);
    const { controls } = JSON.parse(res.stdout);
    expect(controls.map((c: { id: string }) => c.id)).toEqual(CONTROLS.map((c) => c.id));
    for (const [i, c] of CONTROLS.entries()) {
      expect(controls[i]).toMatchObject({
        title: c.title,
        family: c.family,
        configRules: c.configRules,
        cloudTrailEvents: c.cloudTrailEvents,
        resourceTypes: c.resourceTypes,
        prowlerChecks: c.prowlerChecks ?? [],
      });
      expect(controls[i].citations).toEqual(
        c.citations.map((citation) => ({ citation, ...CITATIONS[citation] })),
      );
    }
    const s3 = controls.find((c: { id: string }) => c.id === 's3-bucket-encryption');
    expect(s3.citations).toEqual([
      { citation: '164.312(a)(2)(iv)', title: 'Encryption and decryption', requirement: 'addressable' },
    ]);
    // its own call, the read of its resource type (IAM names it differently) and the Config rule calls
    expect(s3.sweepCalls).toEqual(
      expect.arrayContaining([
        { api: 's3:ListBuckets', iamAction: 's3:ListAllMyBuckets', scope: 'unscoped' },
        {
          api: 'config:GetComplianceDetailsByConfigRule',
          iamAction: 'config:GetComplianceDetailsByConfigRule',
          scope: 'configRules',
        },
      ]),
    );
    const review = controls.find((c: { id: string }) => c.id === 'access-review');
    expect(review.configRules).toEqual([]);
    expect(review).not.toHaveProperty('freshnessHours');
    expect(s3.freshnessHours).toBeGreaterThan(0);
  });

  it('prints a table no wider than 80 columns, every value whole', async () => {
    // Act
    const res = await run('controls');
    // Assess
    expect(res.code).toBe(0);
    const lines = res.stdout.trimEnd().split('\n');
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(80);
    expect(lines[0]).toBe(`Control catalog: ${CONTROLS.length} controls`);
    // every control id whole: the id column fits the longest
    for (const c of CONTROLS)
      expect(
        lines.some((l) => l.startsWith(`${c.id} `) || l === c.id),
        c.id,
      ).toBe(true);
    // a short value in full, a long one in full too: an id is never cut
    expect(res.stdout).toMatch(/164\.316\(b\)\(2\)\(i\) R/);
    expect(res.stdout).toContain('event EnableKeyRotation');
    expect(res.stdout).toContain('rule s3-bucket-server-side-encryption-enabled');
    expect(res.stdout).not.toContain('…');
  });

  it('wraps a long title and keeps an id wider than its column whole', () => {
    // Prepare
    const listing = {
      id: 'a-control-id-that-is-far-too-long-for-the-column',
      title: 'A title of several words that cannot fit on one line of its column',
      family: 'audit',
      citations: [{ citation: '164.312(b)', title: 'Audit controls', requirement: 'required' as const }],
      configRules: [],
      cloudTrailEvents: ['StopLogging'],
      resourceTypes: [],
      sweepCalls: [],
      prowlerChecks: ['cloudtrail_multi_region_enabled_logging_management_events'],
    };
    // Act
    const lines = formatControls([listing]).split('\n');
    // Assess
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(80);
    expect(
      lines.some((l) => /^a-control-id-that-is-far-too-long-for-the-column +164\.312\(b\) R$/.test(l)),
    ).toBe(true);
    // the title wraps in the first column; the evidence, too wide beside it, follows the row
    const title = lines.findIndex((l) => l.startsWith('A title of several words'));
    expect(title).toBeGreaterThan(0);
    expect(lines[title]).not.toContain('its column');
    expect(lines[title + 1]).toMatch(/^\S/);
    expect(lines.some((l) => l.startsWith('[audit]'))).toBe(true);
    expect(lines).toContain('    evidenced by  event StopLogging');
    expect(lines.some((l) => l.trim() === 'cloudtrail_multi_region_enabled_logging_management_events')).toBe(
      true,
    );
    expect(lines.join('\n')).not.toContain('…');
  });
});
