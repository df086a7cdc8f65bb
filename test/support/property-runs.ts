import * as fc from 'fast-check';

/** A property checked over random runs, and the floors that show the runs tried enough for it to mean something. */
export interface PropertyRuns<T> {
  /** What the property promises: the name of its test. */
  readonly promises: string;
  readonly arbitrary: fc.Arbitrary<T>;
  /** Fails (throws) on a run that breaks the property, and counts what the run tried. */
  readonly check: (value: T) => Promise<void>;
  readonly numRuns: number;
  readonly timeoutMs: number;
  /** The name of the test of what the runs tried. */
  readonly triedEnough: string;
  /** One line in the test output with the figures of this run of the suite. */
  readonly report: () => string;
  /** What the runs tried, counted by name, read once they are over. */
  readonly tried: () => Readonly<Record<string, number>>;
  /** The least count of each name for the runs to have tried enough. */
  readonly atLeast: Readonly<Record<string, number>>;
}

/** Two tests, in this order: the property over `numRuns` random runs, then the check that those runs tried
 * enough (a property that held over runs that tried nothing would prove nothing). */
export function itHoldsOverRandomRuns<T>(runs: PropertyRuns<T>): void {
  it(
    runs.promises,
    async () => {
      await fc.assert(fc.asyncProperty(runs.arbitrary, runs.check), { numRuns: runs.numRuns });
    },
    runs.timeoutMs,
  );

  it(runs.triedEnough, () => {
    console.log(runs.report());
    const counts = runs.tried();
    const short = Object.entries(runs.atLeast)
      .filter(([name, floor]) => !((counts[name] ?? Number.NaN) >= floor))
      .map(([name, floor]) => `${name}: ${counts[name]}, below ${floor}`);
    expect(short).toEqual([]);
  });
}
