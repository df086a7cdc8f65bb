import type { ErrorClass } from './error-classes';

/**
 * The brand of these classes' prototypes: the class's name, under a key from the global symbol registry, which is the
 * same in every copy of this module. dist/index.js and dist/on-demand.js each bundle their own copy, and
 * failures cross between them: the ECS adapter of one throws what the drill code of the other catches
 * (docs/architecture.md, "The two files of dist/"). `instanceof` accepts an object of the other copy's class of the
 * same name, and nothing else.
 */
const BRAND = Symbol.for('snapshot-copy.CopyFailure');

type Branded = { [BRAND]?: string };

/** Whether a class of that brand is on the value's prototype chain, in whichever copy of this module made it. */
function branded(value: unknown, brand: string): boolean {
  if (typeof value !== 'object' || value === null) return false;
  for (let prototype: object | null = Object.getPrototypeOf(value); prototype !== null; prototype = Object.getPrototypeOf(prototype)) {
    if (Object.hasOwn(prototype, BRAND) && (prototype as Branded)[BRAND] === brand) return true;
  }
  return false;
}

/** What a CopyFailure is made of. */
export interface FailureInit {
  Code: string;
  Message: string;
  errorClass: ErrorClass;
  RequestId?: string | undefined;
  ecsHttpStatus?: number | undefined;
  cause?: unknown;
}

/**
 * Every failure this function reports is a CopyFailure: an ECS error code (or one of ours, below), a message that is
 * safe to show (no URL, no credential), its class, and the ECS RequestId when ECS answered. The class is given: the
 * classifier's for the Code and HTTP status (lib/ecs/classify-ecs-error.ts, which knows the API's codes), or the one
 * a result carried. What the operator should do about it is the classifier's too (adviceFor), and the HTTP status
 * an answer gets is lib/fc/http-response.ts's.
 */
export class CopyFailure extends Error {
  override readonly name: string = 'CopyFailure';
  readonly Code: string;
  /** Safe to show: ECS's own message with any credential removed, or one of ours. */
  readonly Message: string;
  readonly errorClass: ErrorClass;
  readonly RequestId: string | undefined;
  /** The HTTP status ECS answered with, when known; not the status this function answers with. */
  readonly ecsHttpStatus: number | undefined;
  /** How many ECS calls were made for this copy before it failed. */
  attempts = 1;

  constructor(init: FailureInit) {
    super(init.Message, init.cause === undefined ? undefined : { cause: init.cause });
    this.Code = init.Code;
    this.Message = init.Message;
    this.errorClass = init.errorClass;
    this.RequestId = init.RequestId;
    this.ecsHttpStatus = init.ecsHttpStatus;
  }
}

/**
 * A failure as a result carries it: the CopyFailure's Code, class (the classifier's) and safe Message, with ECS's
 * RequestId when ECS answered. Results spread it flat, so a log line and an answer show the same four fields.
 */
export interface Failure {
  Code: string;
  Class: ErrorClass;
  Message: string;
  RequestId?: string;
}

/** A CopyFailure as a result carries it (RequestId only when ECS answered). */
export function failureOf(error: CopyFailure): Failure {
  const failure = { Code: error.Code, Class: error.errorClass, Message: error.Message };
  return error.RequestId ? { ...failure, RequestId: error.RequestId } : failure;
}

export interface FieldIssue {
  /** The parameter's name as the API spells it, with an index for list items: `Tag.2.Key`. */
  field: string;
  rule: string;
}

const MAX_REPORTED_ISSUES = 20;

/**
 * The request breaks a rule of the CopySnapshot API page (or of this function's input): no ECS call was made. Its
 * class is `invalid-request`, as the classifier has its two codes (a test holds them equal).
 */
export class ValidationError extends CopyFailure {
  override readonly name = 'ValidationError';
  readonly issues: readonly FieldIssue[];

  constructor(allIssues: readonly FieldIssue[], Code: 'InvalidParameter' | 'InvalidEvent' = 'InvalidParameter') {
    // A request with thousands of broken fields is answered with the first ones: enough to fix, small enough to log.
    const issues = allIssues.slice(0, MAX_REPORTED_ISSUES);
    const more = allIssues.length - issues.length;
    super({
      Code,
      Message: `${issues.map((issue) => `${issue.field}: ${issue.rule}`).join('; ')}${more > 0 ? `; and ${more} more` : ''}`,
      errorClass: 'invalid-request',
    });
    this.issues = issues;
  }
}

/** An environment variable is set to something the function cannot use: it refuses to copy rather than guess (class `configuration`). */
export class ConfigurationError extends CopyFailure {
  override readonly name = 'ConfigurationError';
  readonly variable: string;

  constructor(variable: string, rule: string) {
    super({ Code: 'InvalidConfiguration', Message: `Environment variable ${variable} ${rule}`, errorClass: 'configuration' });
    this.variable = variable;
  }
}

/**
 * A defect of this function (a TypeError in our code, say): class `internal`, never retried. The error is kept
 * as the cause; its message is never shown or logged, since nothing vetted it (the log gets its name and frames).
 */
export class InternalFailure extends CopyFailure {
  override readonly name = 'InternalFailure';

  constructor(cause: unknown) {
    super({ Code: 'InternalFailure', Message: 'The function failed unexpectedly', errorClass: 'internal', cause });
  }
}

/**
 * `failure instanceof CopyFailure` (or a subclass): as the language has it within one copy of this module, and across
 * copies by the brand. A subclass without a brand of its own (one a test declares) is matched the language's way only.
 * Subclasses inherit it from CopyFailure, as constructors inherit statics.
 */
function hasInstance(this: { prototype: object }, value: unknown): boolean {
  if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
  const brand = Object.hasOwn(this.prototype, BRAND) ? (this.prototype as Branded)[BRAND] : undefined;
  return brand !== undefined && branded(value, brand);
}
Object.defineProperty(CopyFailure, Symbol.hasInstance, { value: hasInstance });
for (const [failureClass, brand] of [
  [CopyFailure, 'CopyFailure'],
  [ValidationError, 'ValidationError'],
  [ConfigurationError, 'ConfigurationError'],
  [InternalFailure, 'InternalFailure'],
] as const) {
  Object.defineProperty(failureClass.prototype, BRAND, { value: brand });
}

/** What a catch-all holds, as a CopyFailure: itself, or a defect of ours. */
export function asCopyFailure(error: unknown): CopyFailure {
  return error instanceof CopyFailure ? error : new InternalFailure(error);
}
