import { adviceFor, type ErrorClass } from './error-classes';

/**
 * Every failure this function reports is a CopyFailure: an ECS error code (or one of ours, below), a message that is
 * safe to show (no URL, no credential), its class, and the ECS RequestId when ECS answered.
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

  constructor(init: {
    Code: string;
    Message: string;
    errorClass: ErrorClass;
    RequestId?: string | undefined;
    ecsHttpStatus?: number | undefined;
    cause?: unknown;
  }) {
    super(init.Message, init.cause === undefined ? undefined : { cause: init.cause });
    this.Code = init.Code;
    this.Message = init.Message;
    this.errorClass = init.errorClass;
    this.RequestId = init.RequestId;
    this.ecsHttpStatus = init.ecsHttpStatus;
  }

  get advice(): string {
    return adviceFor(this.Code, this.errorClass);
  }
}

export interface FieldIssue {
  /** The parameter's name as the API spells it, with an index for list items: `Tag.2.Key`. */
  field: string;
  rule: string;
}

const MAX_REPORTED_ISSUES = 20;

/** The request breaks a rule of the CopySnapshot API page (or of this function's input): no ECS call was made. */
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

/** An environment variable is set to something the function cannot use: it refuses to copy rather than guess. */
export class ConfigurationError extends CopyFailure {
  override readonly name = 'ConfigurationError';
  readonly variable: string;

  constructor(variable: string, rule: string) {
    super({ Code: 'InvalidConfiguration', Message: `Environment variable ${variable} ${rule}`, errorClass: 'configuration' });
    this.variable = variable;
  }
}

/**
 * A defect of this function (a TypeError in our code, say): never retried, answered with HTTP 500. The error is kept
 * as the cause; its message is never shown or logged, since nothing vetted it (the log gets its name and frames).
 */
export class InternalFailure extends CopyFailure {
  override readonly name = 'InternalFailure';

  constructor(cause: unknown) {
    super({ Code: 'InternalFailure', Message: 'The function failed unexpectedly', errorClass: 'internal', cause });
  }
}

/** What a catch-all holds, as a CopyFailure: itself, or a defect of ours. */
export function asCopyFailure(error: unknown): CopyFailure {
  return error instanceof CopyFailure ? error : new InternalFailure(error);
}
