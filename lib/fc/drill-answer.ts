import { CopyFailure } from '../ecs/errors';
import type { DrillReport } from '../run/restore-drill/drill-report';
import { CopySnapshotFailed } from './answer';
import { type HttpResponse, httpStatusOf, jsonResponse } from './http-trigger';

/**
 * A drill's report, answered as the event's source expects: over HTTP, 200 with the report, or the first failed
 * disk's status; to a timer or direct invocation, the report, or a CopySnapshotFailed rejection when a disk's drill
 * failed, so that FC's retries and failure destination work.
 */
export function answerDrill(report: DrillReport, http: boolean): HttpResponse | DrillReport {
  const failed = report.Drills.filter((result) => result.Outcome === 'failed');
  const [first] = failed;
  if (first === undefined) return http ? jsonResponse(200, report) : report;
  const failure = new CopyFailure({ Code: first.Code, Message: first.Message, errorClass: first.Class, RequestId: first.RequestId });
  if (http) return jsonResponse(httpStatusOf(failure), report);
  const codes = [...new Set(failed.map((result) => result.Code))].join(', ');
  throw new CopySnapshotFailed(`RestoreDrillFailed: ${failed.length} of ${report.Drills.length} drills failed (${codes})`, failure);
}
