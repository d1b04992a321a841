import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoEvents } from '../../../cli/demo/scenario';
import { assess, CONTROLS, candidateControls, evaluateControls } from '../../../core/domain/catalog';
import { parseEvent } from '../../../core/domain/normalize';
import type { Observation } from '../../../core/domain/observation';

const FIXTURES = join(import.meta.dirname, '../../fixtures/events');

/** Every observation the project's own fixtures and the demo month make. */
function observations(): Observation[] {
  const raws: unknown[] = [...demoEvents()];
  for (const name of readdirSync(FIXTURES).filter((n) => n.endsWith('.json'))) {
    const doc = JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as { Records?: unknown[] };
    raws.push(...(Array.isArray(doc.Records) ? doc.Records : [doc]));
  }
  return raws.flatMap((raw) => {
    const out = parseEvent(raw);
    return out.kind === 'observation' ? [out.observation] : [];
  });
}

describe('the catalog index (controls by resource type and event name)', () => {
  const all = observations();

  it('reads enough events to mean something', () => {
    const kinds = new Set(all.map((o) => o.facts.type));
    expect(all.length).toBeGreaterThan(40);
    for (const k of ['configuration', 'api-call', 'console-sign-in', 'config-rule-evaluation'])
      expect(kinds).toContain(k);
  });

  it('gives exactly the assessments of evaluating every control', () => {
    const judged = all.filter(
      (o) =>
        (o.facts.type === 'configuration' && !o.facts.deleted) ||
        o.facts.type === 'api-call' ||
        o.facts.type === 'console-sign-in',
    );
    expect(judged.length).toBeGreaterThan(20);
    for (const o of judged) expect(assess(o)).toEqual(evaluateControls(o.facts, CONTROLS));
  });

  it('never leaves out a control whose evaluator judges the facts', () => {
    for (const o of all) {
      const candidates = new Set(candidateControls(o.facts).map((c) => c.id));
      for (const c of CONTROLS)
        if (c.evaluate(o.facts) !== undefined)
          expect(candidates, `${c.id} judges ${o.facts.type} but does not declare it`).toContain(c.id);
    }
  });

  it('evaluates only the controls that declare a configuration type or a call', () => {
    const bucket = candidateControls({
      type: 'configuration',
      resourceType: 'AWS::S3::Bucket',
      status: 'OK',
      deleted: false,
      configuration: {},
      supplementaryConfiguration: {},
      tagKeys: [],
    }).map((c) => c.id);
    expect(bucket).toEqual(
      CONTROLS.filter((c) => c.resourceTypes.includes('AWS::S3::Bucket')).map((c) => c.id),
    );
    expect(bucket.length).toBeLessThan(CONTROLS.length);
    expect(
      candidateControls({
        type: 'api-call',
        callerType: 'IAMUser',
        eventSource: 'ec2.amazonaws.com',
        eventName: 'RunInstances',
        requestParameters: {},
        responseElements: {},
      }),
    ).toEqual([]);
  });
});
