import { diskCallFailure } from '../ecs/disk-call-errors';
import { CopyFailure } from '../failures/errors';
import type { Answer } from '../fc/answer';
import { httpStatusOf, jsonResponse } from '../fc/http-response';
import type { DrillReport } from './drill-report';

/**
 * A drill's report, answered as the event's source expects: over HTTP, 200 with the report, or the first failed
 * disk's status; to a timer or direct invocation, the report, or a rejection (RestoreDrillFailed, class `incomplete`,
 * caused by the first failed disk's failure) when a disk's drill failed, so that FC's retries and failure destination
 * work.
 */
export function answerDrill(report: DrillReport, http: boolean): Answer<DrillReport> {
  const failed = report.Drills.filter((result) => result.Outcome === 'failed');
  const [first] = failed;
  if (first === undefined) return http ? { kind: 'http', response: jsonResponse(200, report) } : { kind: 'value', value: report };
  const firstFailure = new CopyFailure({ Code: first.Code, Message: first.Message, errorClass: first.Class, RequestId: first.RequestId });
  if (http) return { kind: 'http', response: jsonResponse(httpStatusOf(firstFailure), report) };
  const codes = [...new Set(failed.map((result) => result.Code))].join(', ');
  const Message = `${failed.length} of ${report.Drills.length} drills failed (${codes})`;
  return { kind: 'rejected', failure: diskCallFailure({ Code: 'RestoreDrillFailed', Message, cause: firstFailure }) };
}
