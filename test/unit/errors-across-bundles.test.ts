import type * as Errors from '../../lib/failures/errors';

/**
 * dist/index.js and dist/on-demand.js each bundle their own copy of lib/failures/errors.ts, and failures cross
 * between them (docs/architecture.md, "The two files of dist/"). Two copies of the module, loaded apart, stand for the
 * two files.
 */
function twoCopies(): [typeof Errors, typeof Errors] {
  let first: typeof Errors | undefined;
  let second: typeof Errors | undefined;
  jest.isolateModules(() => {
    first = require('../../lib/failures/errors') as typeof Errors;
  });
  jest.isolateModules(() => {
    second = require('../../lib/failures/errors') as typeof Errors;
  });
  if (first === undefined || second === undefined) throw new Error('the module did not load');
  return [first, second];
}

/** One failure of each class, made by a copy of the module. */
function failures(copy: typeof Errors) {
  return {
    CopyFailure: new copy.CopyFailure({ Code: 'Throttling', Message: 'slow down', errorClass: 'throttled' }),
    ValidationError: new copy.ValidationError([{ field: 'DiskIds', rule: 'must be a list' }]),
    ConfigurationError: new copy.ConfigurationError('DESTINATION_REGION_ID', 'is required'),
    InternalFailure: new copy.InternalFailure(new TypeError('a bug')),
  };
}

type ClassName = keyof ReturnType<typeof failures>;
const CLASS_NAMES: readonly ClassName[] = ['CopyFailure', 'ValidationError', 'ConfigurationError', 'InternalFailure'];

/** What `instanceof` must answer: every failure is a CopyFailure, and of its own class, and of no other. */
const isA = (made: ClassName, tested: ClassName) => tested === 'CopyFailure' || made === tested;

describe('a failure made by the other bundle', () => {
  const [first, second] = twoCopies();

  it('is two copies of the module here, as in the two bundles', () => {
    expect(first.CopyFailure).not.toBe(second.CopyFailure);
    expect(Object.getPrototypeOf(new first.CopyFailure({ Code: 'X', Message: 'x', errorClass: 'unknown' }))).not.toBe(
      second.CopyFailure.prototype,
    );
  });

  it.each([
    ['the first copy', 'the second', first, second],
    ['the second copy', 'the first', second, first],
  ])('made by %s is an instance of the same class of %s, of CopyFailure, and of no other class', (_made, _tested, maker, tester) => {
    const made = failures(maker);
    for (const madeAs of CLASS_NAMES) {
      for (const tested of CLASS_NAMES) {
        expect([madeAs, tested, made[madeAs] instanceof tester[tested]]).toEqual([madeAs, tested, isA(madeAs, tested)]);
      }
    }
  });

  it('is a CopyFailure to the other copy, so a catch-all keeps it as it is instead of calling it an InternalFailure', () => {
    const failure = failures(second).ValidationError;

    expect(first.asCopyFailure(failure)).toBe(failure);
  });

  it('keeps the language rule within one copy: a failure is an instance of its class and its bases only', () => {
    const made = failures(first);
    for (const madeAs of CLASS_NAMES) {
      for (const tested of CLASS_NAMES) {
        expect([madeAs, tested, made[madeAs] instanceof first[tested]]).toEqual([madeAs, tested, isA(madeAs, tested)]);
      }
    }
  });
});

describe('what is not a CopyFailure in any copy', () => {
  const [first, second] = twoCopies();

  it.each([
    ['a plain Error', new Error('Throttling')],
    ['an Error named CopyFailure', Object.assign(new Error('x'), { name: 'CopyFailure', Code: 'Throttling' })],
    ['an object shaped like one', { name: 'ValidationError', Code: 'InvalidParameter', Message: 'x', errorClass: 'invalid-request' }],
    ['null', null],
    ['a string', 'CopyFailure'],
  ])('%s is refused by both copies, and made an InternalFailure by a catch-all', (_name, value) => {
    for (const copy of [first, second]) {
      for (const tested of CLASS_NAMES) expect([tested, value instanceof copy[tested]]).toEqual([tested, false]);
      expect(copy.asCopyFailure(value)).toBeInstanceOf(copy.InternalFailure);
    }
  });

  it('a subclass without a brand of its own holds only its own instances, in either copy', () => {
    class UnbrandedFailure extends first.CopyFailure {}
    const own = new UnbrandedFailure({ Code: 'X', Message: 'x', errorClass: 'unknown' });

    expect(own instanceof UnbrandedFailure).toBe(true);
    expect(own instanceof second.CopyFailure).toBe(true);
    expect(failures(first).CopyFailure instanceof UnbrandedFailure).toBe(false);
    expect(failures(second).CopyFailure instanceof UnbrandedFailure).toBe(false);
  });
});
