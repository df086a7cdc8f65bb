import * as z from 'zod/mini';
import type { CallObserver } from '../calls/call-observer';
import { checkCallerReadRegion } from '../config/caller-policy';
import { resolveCredentials } from '../ecs/credentials';
import { RegionIdSchema, SnapshotIdSchema } from '../ecs/identifiers';
import { ValidationError } from '../failures/errors';
import type { Answer } from '../fc/answer';
import { jsonResponse } from '../fc/http-response';
import type { Instance, Invocation } from '../fc/instance';
import { toFieldIssues } from '../request/field-issues';
import { type CopyStatus, describeCopy } from './copy-status';

/** What the copy status read tells: the run log writes a line for each copy read. */
export interface StatusObserver extends CallObserver {
  /** `GET /copies/<SnapshotId>` read a copy. */
  onStatus(status: CopyStatus): void;
}

/** `GET /copies/<SnapshotId>?RegionId=<region of the copy>`, as the HTTP route found it. */
interface CopyStatusAsked {
  pathParameters: Readonly<Record<string, string>>;
  query: Readonly<Record<string, string>>;
}

const CopyStatusQuerySchema = z.object({ SnapshotId: SnapshotIdSchema, RegionId: RegionIdSchema });

/**
 * The copy status use case: a copy's status and progress in its region, with where it was copied from. RegionId
 * defaults to the one configured destination; an HTTP caller reads only the regions it may copy to.
 */
export async function readCopyStatus(
  asked: CopyStatusAsked,
  { configuration, dependencies, env }: Instance,
  { contextCredentials, deadline, observer }: Invocation<StatusObserver>,
): Promise<CopyStatus> {
  const { SnapshotId, RegionId } = parseQuery(asked, configuration.DestinationRegionIds);
  checkCallerReadRegion(RegionId, configuration.CallerPolicy, configuration);
  const status = await describeCopy(SnapshotId, RegionId, dependencies, resolveCredentials(contextCredentials, env), deadline, (retry) =>
    observer.onRetry(retry),
  );
  observer.onStatus(status);
  return status;
}

function parseQuery(asked: CopyStatusAsked, destinations: readonly string[] | undefined): { SnapshotId: string; RegionId: string } {
  const query = CopyStatusQuerySchema.safeParse({
    SnapshotId: asked.pathParameters.SnapshotId,
    RegionId: asked.query.RegionId ?? (destinations?.length === 1 ? destinations[0] : undefined),
  });
  if (query.success) return query.data;
  throw new ValidationError(
    toFieldIssues(query.error.issues).map((issue) =>
      issue.field === 'RegionId' && issue.rule === 'is required'
        ? { field: 'RegionId', rule: 'is required: the region the copy is in (?RegionId=us-east-1)' }
        : issue,
    ),
  );
}

/** A copy's status is answered 200 with it: the status route is HTTP's only. */
export function answerStatus(status: CopyStatus): Answer<never> {
  return { kind: 'http', response: jsonResponse(200, status) };
}
