import { faultLabel, randomFaultCatalogue } from '../../ecs-local/random-faults';
import type { MatrixReport } from '../../tools/fault-scenario';

/**
 * What a fault matrix must show, on either transport: no problem, no copy made twice, lost or missing in silence, no
 * failure unclassified, no secret, every copy asked for made exactly once; and that it was not a vacuous pass: every
 * kind of fault was thrown at the function, and invocations did fail and get re-delivered.
 */
export function expectMatrixHeld(report: MatrixReport, scenarios: number): void {
  expect(report.problems).toEqual([]);
  expect(report).toMatchObject({
    duplicates: 0,
    lost: 0,
    silentlyMissing: 0,
    unclassified: 0,
    secretHits: 0,
    stray: 0,
    finalRunsFailed: 0,
  });
  expect(report.exactlyOnce).toBe(report.copiesRequested);
  expect(Object.keys(report.faultsInjected).sort()).toEqual(randomFaultCatalogue().map(faultLabel).sort());
  expect(report.rejections).toBeGreaterThan(scenarios / 2);
}
