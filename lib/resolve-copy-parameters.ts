import type { Configuration } from './configuration';
import type { CopyRequest } from './copy-request';
import { CopySnapshotParametersSchema, type CopySnapshotParameters, type Tag } from './copy-snapshot-parameters';
import { deriveClientToken } from './client-token';
import { ValidationError, type FieldIssue } from './errors';
import { toFieldIssues } from './field-issues';
import { renderTemplate } from './template';

/** What the invocation, not the request, decides. */
export interface InvocationFacts {
  /** When the copy was asked for: a timer's triggerTime, else the invocation's start. Dates in templates use it. */
  time: Date;
  /** The function's own region (FC's `context.region`), the last fallback for RegionId. */
  functionRegionId: string | undefined;
  /** What makes this occasion unique, for the ClientToken (see client-token.ts). */
  tokenOrigin: readonly string[];
}

const IDENTITY_FIELDS = new Set(['SnapshotId', 'RegionId', 'DestinationRegionId']);

/**
 * The request's tags win over the configured ones with the same key. The request's come first, so that `Tag.N` in
 * an error is the caller's own N; the configured ones (checked when the configuration was read) follow.
 */
function mergeTags(configured: readonly Tag[], requested: readonly Tag[]): Tag[] {
  const requestedKeys = new Set(requested.map((tag) => tag.Key));
  return [...requested, ...configured.filter((tag) => !requestedKeys.has(tag.Key))];
}

/**
 * Fills what the request leaves out from the configuration, renders the templates and checks every rule of the
 * API. Throws a ValidationError naming each broken field; nothing is called when it throws.
 */
export function resolveCopySnapshotParameters(
  request: CopyRequest,
  configuration: Configuration,
  facts: InvocationFacts,
): CopySnapshotParameters {
  const RegionId = request.RegionId ?? configuration.SourceRegionId ?? facts.functionRegionId;
  const DestinationRegionId = request.DestinationRegionId ?? configuration.DestinationRegionId;
  const templateValues = {
    SnapshotId: request.SnapshotId,
    RegionId: RegionId ?? '',
    DestinationRegionId: DestinationRegionId ?? '',
    time: facts.time,
  };
  const fromTemplate = new Map<string, string>();
  if (request.DestinationSnapshotName === undefined) fromTemplate.set('DestinationSnapshotName', 'DESTINATION_SNAPSHOT_NAME');
  if (request.DestinationSnapshotDescription === undefined) {
    fromTemplate.set('DestinationSnapshotDescription', 'DESTINATION_SNAPSHOT_DESCRIPTION');
  }
  const requestTags = request.Tag ?? [];
  const Encrypted = request.Encrypted ?? configuration.Encrypted;
  const merged = {
    RegionId,
    SnapshotId: request.SnapshotId,
    DestinationRegionId,
    DestinationSnapshotName:
      request.DestinationSnapshotName ?? renderTemplate(configuration.DestinationSnapshotNameTemplate, templateValues),
    DestinationSnapshotDescription:
      request.DestinationSnapshotDescription ??
      renderTemplate(configuration.DestinationSnapshotDescriptionTemplate, templateValues),
    RetentionDays: request.RetentionDays ?? configuration.RetentionDays,
    Tag: mergeTags(configuration.Tags, requestTags),
    Encrypted,
    // A configured key belongs to the configured encryption: a request that turns encryption off drops it.
    KMSKeyId: request.KMSKeyId ?? (Encrypted === true ? configuration.KMSKeyId : undefined),
    ClientToken:
      request.ClientToken ??
      (RegionId !== undefined && DestinationRegionId !== undefined
        ? deriveClientToken(facts.tokenOrigin, { RegionId, SnapshotId: request.SnapshotId, DestinationRegionId })
        : undefined),
  };

  const result = CopySnapshotParametersSchema.safeParse(merged);
  if (result.success) return result.data;

  const issues = toFieldIssues(result.error.issues).flatMap((issue): FieldIssue[] => {
    const configuredTags = merged.Tag.length - requestTags.length;
    if (issue.field === 'Tag' && configuredTags > 0) {
      return [{ field: 'Tag', rule: `${issue.rule}, counting the ${configuredTags} from SNAPSHOT_TAGS` }];
    }
    if (issue.field === 'RegionId' && RegionId === undefined) {
      return [{ field: 'RegionId', rule: 'is required: send it, or set SOURCE_REGION_ID' }];
    }
    if (issue.field === 'DestinationRegionId' && DestinationRegionId === undefined) {
      return [{ field: 'DestinationRegionId', rule: 'is required: send it, or set DESTINATION_REGION_ID' }];
    }
    if (issue.field === 'ClientToken' && merged.ClientToken === undefined) return [];
    const variable = fromTemplate.get(issue.field);
    return [{ field: issue.field, rule: variable ? `${issue.rule} (rendered from ${variable})` : issue.rule }];
  });
  // A template rendered from a broken identifier fails for that reason only: report the identifier alone.
  const identityBroken = issues.some((issue) => IDENTITY_FIELDS.has(issue.field));
  throw new ValidationError(identityBroken ? issues.filter((issue) => !fromTemplate.has(issue.field)) : issues);
}
