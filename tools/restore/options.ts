import { parseToolArgs, UsageError } from '../tool-args';

/** The options' UsageError, shared by the tools (tool-args.ts). */
export { UsageError };

export const USAGE = `usage: npm run restore -- <selection> --region <DR region> [options]

Restores disks in the DR region from their copies there, with your own credentials (ALIBABA_CLOUD_ACCESS_KEY_ID
and ALIBABA_CLOUD_ACCESS_KEY_SECRET of a RAM user with ram-policy-restore.json). Data disks become pay-as-you-go
disks, system disks custom images; at the end, a table of what was made and the RunInstances parameters of each
server. It never deletes and never attaches anything. Run again with the same options: it makes nothing twice.

Selection (as the copy request's; at least one, or SELECTION from s.yaml):
  --instance i-...       an instance's disks, as its copies record them (repeat, or separate with commas)
  --disk d-...           a disk (repeat, or separate with commas)
  --source-tag KEY=VALUE copies carrying this tag (repeat: all of them)

  --region REGION        the DR region, where the copies are (default: DESTINATION_REGION_ID, when one)
  --zone ZONE            the zone to make the disks in (default: one that sells their categories)
  --at TIME              the newest copies taken at or before this time, such as 2026-11-27T19:00:00Z
  --allow-skew           restore an instance's disks from their newest copies even if further apart than
                         RESTORE_SKEW_MINUTES (default 60)
  --dry-run              list what would be made, from which copy, where, and its cost per hour; make nothing
  --source-region REGION the source region, if it still answers: read there the instance's disks the copies do
                         not record
  --restore-id NAME      name this restore (default: derived from the options, so a re-run is the same restore)
  --wait-minutes N       how long to wait for the disks and images to be Available (default 120)
  --json                 print the report as JSON instead of tables
  --help                 this text

Exit status: 0 every disk restored (or planned); 1 a disk failed or is still being made (run again to wait);
2 the restore could not run (options, credentials, configuration, ECS refused the listing). See docs/restore.md.
`;

export interface RestoreOptions {
  /** The restore request the options make, as a direct invocation sends it. */
  request: Record<string, unknown>;
  waitMinutes: number;
  json: boolean;
  help: boolean;
}

const list = (values: readonly string[] | undefined) =>
  (values ?? [])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');

/** Throws a UsageError naming the option and the rule. */
export function parseRestoreOptions(argv: readonly string[]): RestoreOptions {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const SourceTag = (values['source-tag'] ?? []).map((pair) => {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--source-tag takes KEY=VALUE, not "${pair}"`);
    return { Key: pair.slice(0, at), Value: pair.slice(at + 1) };
  });
  const waitMinutes = values['wait-minutes'] === undefined ? 120 : Number(values['wait-minutes']);
  if (!Number.isInteger(waitMinutes) || waitMinutes < 1 || waitMinutes > 1440) {
    throw new UsageError(`--wait-minutes takes whole minutes from 1 to 1440, not "${values['wait-minutes']}"`);
  }
  const InstanceIds = list(values.instance);
  const DiskIds = list(values.disk);
  const request: Record<string, unknown> = {
    Action: 'Restore',
    ...(InstanceIds.length > 0 ? { InstanceIds } : {}),
    ...(DiskIds.length > 0 ? { DiskIds } : {}),
    ...(SourceTag.length > 0 ? { SourceTag } : {}),
    ...(values.region !== undefined ? { DestinationRegionId: values.region } : {}),
    ...(values['source-region'] !== undefined ? { RegionId: values['source-region'] } : {}),
    ...(values.zone !== undefined ? { ZoneId: values.zone } : {}),
    ...(values.at !== undefined ? { PointInTime: values.at } : {}),
    ...(values['allow-skew'] ? { AllowSkew: true } : {}),
    ...(values['restore-id'] !== undefined ? { RestoreId: values['restore-id'] } : {}),
    ...(values['dry-run'] ? { DryRun: true } : {}),
  };
  return { request, waitMinutes, json: values.json ?? false, help: values.help ?? false };
}

function parse(argv: readonly string[]) {
  return parseToolArgs(argv, {
    instance: { type: 'string', multiple: true },
    disk: { type: 'string', multiple: true },
    'source-tag': { type: 'string', multiple: true },
    region: { type: 'string' },
    zone: { type: 'string' },
    at: { type: 'string' },
    'allow-skew': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    'source-region': { type: 'string' },
    'restore-id': { type: 'string' },
    'wait-minutes': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
}
