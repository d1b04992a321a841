/**
 * The frame of every control test (test/core/domain/controls/<family>/<control-id>.test.ts): the
 * control's cases are judged through `assess`, as the pipeline judges evidence, and each managed rule the
 * control names is checked to carry its verdicts to it. Each control brings at least one COMPLIANT and
 * one NON_COMPLIANT case of its own; test/core/domain/catalog.test.ts checks every control has its test.
 */
import { describe, expect, it } from 'vitest';
import { assess, citationsOf, controlById } from '../../../../core/domain/catalog';
import type { Control } from '../../../../core/domain/controls/control';
import type { Facts, Observation } from '../../../../core/domain/observation';
import type { VerdictStatus } from '../../../../evidence-schemas';
import {
  type FixtureName,
  type JsonObject,
  observationOf,
  observeFixture,
  ruleFacts,
} from '../../../fixtures/builders';

/** One observation and the verdict the control must give it. */
export interface ControlCase {
  name: string;
  observation: () => Observation;
  status: VerdictStatus;
}

/** An observation around built facts. */
export const fromFacts = (facts: Facts) => () => observationOf(facts);

/** The observation of a test/fixtures/events fixture, after an optional edit of a fresh copy. */
export const fixture = (name: FixtureName, edit?: (doc: JsonObject) => void) => (): Observation =>
  observeFixture(name, edit);

/** Paths into a Config configuration-item change event. */
export const ci = ['detail', 'configurationItem'];
export const conf = [...ci, 'configuration'];
export const supp = [...ci, 'supplementaryConfiguration'];

/** Tests `control` on its cases and on the verdicts of its managed rules. */
export function describeControl(control: Control, cases: ControlCase[]): void {
  describe(`${control.id} judged through assess`, () => {
    it('is the catalog’s control and has a COMPLIANT and a NON_COMPLIANT case', () => {
      // Prepare
      const statuses = new Set(cases.map((c) => c.status));
      // Act
      const missing = (['COMPLIANT', 'NON_COMPLIANT'] as const).filter((s) => !statuses.has(s));
      // Assess
      expect(controlById(control.id)).toBe(control);
      expect(missing).toEqual([]);
    });

    it.each(cases)('is $status for $name', ({ observation, status }) => {
      // Prepare
      const obs = observation();
      // Act
      const found = assess(obs).filter((a) => a.controlId === control.id);
      // Assess
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ status, affectsPosture: true });
      expect(found[0]?.citations).toEqual(citationsOf(controlById(control.id)?.citations ?? []));
      expect(found[0]?.reason.length).toBeGreaterThan(0);
    });

    const ruleCases = control.configRules.flatMap((rule) =>
      (['COMPLIANT', 'NON_COMPLIANT'] as const).map((status) => ({ rule, status })),
    );
    if (ruleCases.length > 0)
      it.each(ruleCases)('is $status for Config rule $rule $status', ({ rule, status }) => {
        // Prepare
        const obs = observationOf(ruleFacts(rule, status));
        // Act
        const found = assess(obs);
        // Assess
        expect(found.find((a) => a.controlId === control.id)).toMatchObject({ status, affectsPosture: true });
      });
  });
}
