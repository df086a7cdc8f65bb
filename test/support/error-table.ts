import { CODES_BY_CLASS, codeOf } from '../../lib/ecs/classify-ecs-error';
import { DISK_CALL_CODES_BY_CLASS, diskCallAdvice } from '../../lib/ecs/disk-call-errors';
import { ERROR_CLASSES, type ErrorClass, retryRuleFor } from '../../lib/failures/error-classes';
import { httpStatusFor } from '../../lib/fc/http-response';

/** Where the generated table sits in docs/errors.md. */
export const TABLE_BEGIN =
  '<!-- error-table:begin (generated from lib/ecs/classify-ecs-error.ts, disk-call-errors.ts, lib/failures/error-classes.ts and lib/fc/http-response.ts) -->';
export const TABLE_END = '<!-- error-table:end -->';

const RETRY_TEXT: Readonly<Record<'backoff' | 'later' | 'never', string>> = {
  backoff: 'yes, in the invocation (backoff, same ClientToken)',
  later: "later (next run, FC's async retry)",
  never: 'no',
};

/** The Codes of a class in both tables: the copy path's (classify-ecs-error.ts) and the disk calls' (disk-call-errors.ts). */
export function codesOfClass(errorClass: ErrorClass): string[] {
  return [...CODES_BY_CLASS[errorClass], ...(DISK_CALL_CODES_BY_CLASS[errorClass] ?? [])].map(codeOf);
}

/** Every Code of both tables, each as often as the tables list it. */
export function everyClassifiedCode(): string[] {
  return (Object.keys(ERROR_CLASSES) as ErrorClass[]).flatMap(codesOfClass);
}

/** One row per code of the classification tables, by class in the order ERROR_CLASSES lists them, codes sorted. */
export function errorTableRows(): Array<{ Code: string; errorClass: ErrorClass; httpStatus: number; retry: string; advice: string }> {
  const classes = Object.keys(ERROR_CLASSES) as ErrorClass[];
  return classes.flatMap((errorClass) =>
    codesOfClass(errorClass)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((Code) => ({
        Code,
        errorClass,
        httpStatus: httpStatusFor(Code, errorClass),
        retry: RETRY_TEXT[retryRuleFor(Code, errorClass)],
        advice: diskCallAdvice(Code, errorClass),
      })),
  );
}

export function renderErrorTable(): string {
  const lines = [
    '| Code | Class | HTTP status | Retried | What to do |',
    '|---|---|---|---|---|',
    ...errorTableRows().map(
      (row) => `| \`${row.Code}\` | ${row.errorClass} | ${row.httpStatus} | ${row.retry} | ${row.advice.replace(/\|/g, '\\|')} |`,
    ),
  ];
  return lines.join('\n');
}
