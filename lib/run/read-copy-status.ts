import * as z from 'zod/mini';
import { checkCallerReadRegion } from '../config/caller-policy';
import { resolveCredentials } from '../ecs/credentials';
import { ValidationError } from '../ecs/errors';
import { RegionIdSchema, SnapshotIdSchema } from '../ecs/identifiers';
import { toFieldIssues } from '../request/field-issues';
import { type CopyStatus, describeCopy } from './copy-status';
import type { Instance, Invocation } from './instance';

/** What the copy status read tells: the run log writes a line for each copy read. */
export interface StatusObserver {
  /** `GET /copies/<SnapshotId>` read a copy. */
  onStatus(status: CopyStatus): void;
}

/** `GET /copies/<SnapshotId>?RegionId=<region of the copy>`, as the HTTP route found it. */
interface CopyStatusAsked {
  SnapshotId: string;
  RegionId: string | undefined;
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
  const status = await describeCopy(SnapshotId, RegionId, dependencies, resolveCredentials(contextCredentials, env), deadline);
  observer.onStatus(status);
  return status;
}

function parseQuery(asked: CopyStatusAsked, destinations: readonly string[] | undefined): { SnapshotId: string; RegionId: string } {
  const query = CopyStatusQuerySchema.safeParse({
    SnapshotId: asked.SnapshotId,
    RegionId: asked.RegionId ?? (destinations?.length === 1 ? destinations[0] : undefined),
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
