import { diskCallFailure } from '../ecs/disk-call-errors';
import { CopyFailure, type Failure } from '../failures/errors';
import type { RunReport } from './run-report';
import type { RunVerdict, SingleCopyAnswer } from './run-verdict';

/**
 * The verdict of a run whose copies were made but whose disk step after them (KeepCopies, the locks) did not do all
 * it was asked: `incomplete`, the failure named for the step (`Code`, classed as a disk call's), its message the
 * step's parts, caused by the step's first failure; the copy's answer stays the answer. Apart from run-verdict.ts so
 * that the copy path's bundle (dist/index.js) does not carry the disk calls' error table.
 */
export function stepIncomplete(
  Code: string,
  parts: readonly string[],
  cause: Failure | undefined,
  answer: SingleCopyAnswer | RunReport,
): RunVerdict {
  return {
    ok: false,
    kind: 'incomplete',
    failure: diskCallFailure({
      Code,
      Message: parts.join('; '),
      cause: cause && new CopyFailure({ Code: cause.Code, Message: cause.Message, errorClass: cause.Class, RequestId: cause.RequestId }),
    }),
    answer,
    firstFailure: undefined,
  };
}
