import type * as z from 'zod/mini';
import {
  DestinationSnapshotDescriptionSchema,
  DestinationSnapshotNameSchema,
  KMSKeyIdSchema,
  MAX_TAGS,
  RetentionDaysSchema,
  type Tag,
  TagKeySchema,
  TagValueSchema,
} from '../ecs/copy-snapshot-parameters';
import { DISK_CATEGORIES_CHEAPEST_FIRST } from '../ecs/disk-categories';
import { REGION_ID_PATTERN } from '../ecs/identifiers';
import { isWellFormedUnicode, malformedText, WELL_FORMED_UNICODE_RULE } from '../ecs/unicode';
import { ConfigurationError } from '../failures/errors';
import {
  CopyRequestSchema,
  KeysByRegionSchema,
  LOCK_RETENTION_MARGIN_DAYS,
  type Selection,
  SelectionSchema,
} from '../request/copy-request';
import { fieldPath, toFieldIssues } from '../request/field-issues';
import type { OrderDefaults } from '../request/order-defaults';
import { PROVENANCE_PREFIX } from '../request/provenance';
import { renderTemplate, unknownPlaceholders } from '../request/template';
import type { CallerPolicy } from './caller-policy';

/** What the environment fills in when an event leaves it out. Read once per instance (see functions/). */
export interface Configuration extends OrderDefaults {
  /** RPO_HOURS: the oldest data a destination may hold before the run reports it outside RPO. */
  RpoHours: number;
  /** API_CALLS_PER_MINUTE: the pace of an invocation's calls of each ECS API in each region (lib/calls/paced-calls.ts). */
  ApiCallsPerMinute: number;
  /** MAX_COPIES_IN_FLIGHT: copies progressing at once in one destination region. */
  MaxCopiesInFlight: number;
  /** CALLER_*: what an HTTP caller may ask for. */
  CallerPolicy: CallerPolicy;
  /** ECS_ENDPOINT, with `{RegionId}` replaced by the source region at call time. */
  EcsEndpointTemplate: string;
}

const DEFAULT_NAME_TEMPLATE = 'dr-{SnapshotId}-{Date}';
const DEFAULT_DESCRIPTION_TEMPLATE = 'DR copy of {SnapshotId} from {RegionId}, made {DateTime} by snapshot-copy';
export const DEFAULT_ECS_ENDPOINT = 'https://ecs.{RegionId}.aliyuncs.com';
/** A day of snapshots plus the hours a copy takes: a daily schedule stays inside it. */
const DEFAULT_RPO_HOURS = 36;
const DEFAULT_API_CALLS_PER_MINUTE = 300;
const DEFAULT_MAX_COPIES_IN_FLIGHT = 500;
const DEFAULT_CALLER_MAX_COPIES = 100;
const DEFAULT_DRILL_TIMEOUT_MINUTES = 30;
/** KeepCopies' upper bound: far more copies than any schedule keeps, and a typo like 10000 is caught. */
const MAX_KEEP_COPIES = 1000;
/** Ten years; LockSnapshot takes up to 36500 days, far past any DR need, and a typo like 36500 for 365 is caught. */
const MAX_LOCK_DAYS = 3650;
/** A day to cancel a mistaken lock (docs/locks.md); 0 locks at once. */
const DEFAULT_LOCK_COOL_OFF_HOURS = 24;

/** The longest values a template can be rendered with: a template valid for these is valid for every request. */
const WORST_CASE_VALUES = {
  SnapshotId: `s-${'a'.repeat(62)}`,
  RegionId: 'cn-shanghai-finance-1',
  DestinationRegionId: 'cn-shanghai-finance-1',
  time: new Date('2026-12-31T23:59:59Z'),
};

type Environment = Readonly<Record<string, string | undefined>>;

/** An empty variable counts as unset, so that `s.yaml` can list every variable with an empty safe default. */
function read(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function regionId(env: Environment, name: string): string | undefined {
  const value = read(env, name);
  if (value !== undefined && !REGION_ID_PATTERN.test(value)) {
    throw new ConfigurationError(name, `must be a region ID such as cn-hangzhou, not "${value}"`);
  }
  return value;
}

function template(env: Environment, name: string, fallback: string, rules: z.ZodMiniType<string>): string {
  const value = read(env, name) ?? fallback;
  // Checked before the rules, which would quote the text: a lone surrogate is best not echoed into a log line.
  if (!isWellFormedUnicode(value)) throw new ConfigurationError(name, WELL_FORMED_UNICODE_RULE);
  const unknown = unknownPlaceholders(value);
  if (unknown.length > 0) {
    throw new ConfigurationError(
      name,
      `uses unknown placeholder(s) ${unknown.map((p) => `{${p}}`).join(', ')}; known: {SnapshotId}, {RegionId}, {DestinationRegionId}, {Date}, {Time}, {DateTime}`,
    );
  }
  const sample = renderTemplate(value, WORST_CASE_VALUES);
  const result = rules.safeParse(sample);
  if (!result.success) {
    throw new ConfigurationError(name, `renders "${sample}", which ${result.error.issues[0]?.message ?? 'is invalid'}`);
  }
  return value;
}

function retentionDays(env: Environment): number | undefined {
  const value = read(env, 'RETENTION_DAYS');
  if (value === undefined) return undefined;
  const days = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!RetentionDaysSchema.safeParse(days).success) {
    throw new ConfigurationError('RETENTION_DAYS', `must be an integer from 1 to 65536, not "${value}"`);
  }
  return days;
}

function tags(env: Environment): Tag[] {
  const value = read(env, 'SNAPSHOT_TAGS');
  if (value === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new ConfigurationError('SNAPSHOT_TAGS', 'must be a JSON object of tag key to value, such as {"purpose":"dr"}');
  }
  // The JSON's own entries, not a parsed copy: a key such as `__proto__` must be refused, not lost.
  const entries = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? Object.entries(parsed) : undefined;
  if (entries === undefined || entries.some(([, value]) => typeof value !== 'string')) {
    throw new ConfigurationError('SNAPSHOT_TAGS', 'must be a JSON object whose values are strings, such as {"purpose":"dr"}');
  }
  // JSON's `\ud800` escapes make a lone surrogate; named before the tag rules, which would quote it.
  const [malformed] = malformedText(parsed, 1);
  if (malformed !== undefined) {
    throw new ConfigurationError(
      'SNAPSHOT_TAGS',
      malformed.at === 'key'
        ? 'holds a tag key that is not well-formed Unicode text (a lone UTF-16 surrogate)'
        : `value of "${String(malformed.path[0])}" ${WELL_FORMED_UNICODE_RULE}`,
    );
  }
  if (entries.length > MAX_TAGS) {
    throw new ConfigurationError('SNAPSHOT_TAGS', `holds ${entries.length} tags; a snapshot takes at most ${MAX_TAGS}`);
  }
  for (const [key, tagValue] of entries) {
    if (key.startsWith(PROVENANCE_PREFIX)) {
      throw new ConfigurationError(
        'SNAPSHOT_TAGS',
        `key "${key}" must not start with ${PROVENANCE_PREFIX} (reserved for the copies' provenance)`,
      );
    }
    const keyResult = TagKeySchema.safeParse(key);
    if (!keyResult.success) {
      throw new ConfigurationError('SNAPSHOT_TAGS', `key "${key}" ${keyResult.error.issues[0]?.message ?? 'is invalid'}`);
    }
    const valueResult = TagValueSchema.safeParse(tagValue);
    if (!valueResult.success) {
      throw new ConfigurationError('SNAPSHOT_TAGS', `value of "${key}" ${valueResult.error.issues[0]?.message ?? 'is invalid'}`);
    }
  }
  return entries.map(([Key, Value]) => ({ Key, Value: String(Value) }));
}

function encrypted(env: Environment): boolean | undefined {
  const value = read(env, 'ENCRYPTED');
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ConfigurationError('ENCRYPTED', `must be true or false, not "${value}"`);
}

function kmsKeyId(env: Environment): string | Record<string, string> | undefined {
  const value = read(env, 'KMS_KEY_ID');
  if (value === undefined) return undefined;
  if (value.startsWith('{')) {
    const keys = KeysByRegionSchema.safeParse(parseJson(value));
    if (!keys.success) {
      throw new ConfigurationError(
        'KMS_KEY_ID',
        'must be a KMS key ID, or a JSON object of destination region to key ID such as {"us-east-1":"key-…"}',
      );
    }
    return keys.data;
  }
  if (!KMSKeyIdSchema.safeParse(value).success) {
    throw new ConfigurationError('KMS_KEY_ID', 'must be a KMS key ID, alias or ARN without spaces');
  }
  return value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function destinationRegionIds(env: Environment): string[] | undefined {
  const value = read(env, 'DESTINATION_REGION_ID');
  if (value === undefined) return undefined;
  const regions = value.split(',').map((region) => region.trim());
  const invalid = regions.find((region) => !REGION_ID_PATTERN.test(region));
  if (invalid !== undefined) {
    throw new ConfigurationError(
      'DESTINATION_REGION_ID',
      `must be a region ID or a comma-separated list of them, such as us-east-1,eu-central-1, not "${value}"`,
    );
  }
  return regions;
}

function selection(env: Environment): Selection | undefined {
  const value = read(env, 'SELECTION');
  if (value === undefined) return undefined;
  const json = parseJson(value);
  const [malformed] = malformedText(json);
  if (malformed !== undefined) {
    const field = fieldPath(malformed.path);
    throw new ConfigurationError(
      'SELECTION',
      malformed.at === 'key'
        ? `holds a key${field ? ` in ${field}` : ''} that is not well-formed Unicode text (a lone UTF-16 surrogate)`
        : `${field ? `${field}: ` : ''}${WELL_FORMED_UNICODE_RULE}`,
    );
  }
  const parsed = SelectionSchema.safeParse(json);
  if (!parsed.success) {
    const issue = toFieldIssues(parsed.error.issues)[0];
    throw new ConfigurationError(
      'SELECTION',
      `must be a JSON object such as {"InstanceIds":["i-…"]}: ${json === undefined || !issue ? 'it is not JSON' : `${issue.field}: ${issue.rule}`}`,
    );
  }
  return parsed.data;
}

function regionList(env: Environment, name: string): string[] | '*' | undefined {
  const value = read(env, name);
  if (value === undefined) return undefined;
  if (value === '*') return '*';
  const regions = value.split(',').map((region) => region.trim());
  const invalid = regions.find((region) => !REGION_ID_PATTERN.test(region));
  if (invalid !== undefined) {
    throw new ConfigurationError(name, `must be * or a comma-separated list of region IDs such as us-east-1,eu-central-1, not "${value}"`);
  }
  return regions;
}

/** A comma-separated list of names, each one of `known` (request fields, disk categories). */
function namesOf<T extends string>(env: Environment, name: string, known: readonly T[]): T[] {
  const value = read(env, name);
  if (value === undefined) return [];
  const names = value.split(',').map((entry) => entry.trim());
  const unknown = names.find((entry) => !(known as readonly string[]).includes(entry));
  if (unknown !== undefined) throw new ConfigurationError(name, `names "${unknown}", which is not one of: ${known.join(', ')}`);
  return names as T[];
}

function positiveNumber(env: Environment, name: string, fallback: number, rule: { integer: boolean; max: number; min?: 0 }): number {
  const value = read(env, name);
  if (value === undefined) return fallback;
  const number = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  const min = rule.min ?? 1;
  if (!(number >= min && number <= rule.max) || (rule.integer && !Number.isInteger(number))) {
    throw new ConfigurationError(name, `must be a${rule.integer ? 'n integer' : ' number'} from ${min} to ${rule.max}, not "${value}"`);
  }
  return number;
}

function ecsEndpoint(env: Environment): string {
  const value = read(env, 'ECS_ENDPOINT') ?? DEFAULT_ECS_ENDPOINT;
  const unknown = unknownPlaceholders(value).filter((name) => name !== 'RegionId');
  if (unknown.length > 0) {
    throw new ConfigurationError('ECS_ENDPOINT', 'may use only the placeholder {RegionId}');
  }
  let url: URL;
  try {
    url = new URL(value.replaceAll('{RegionId}', 'cn-hangzhou'));
  } catch {
    throw new ConfigurationError('ECS_ENDPOINT', 'must be an http:// or https:// URL such as https://ecs.{RegionId}.aliyuncs.com');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError('ECS_ENDPOINT', 'must be an http:// or https:// URL such as https://ecs.{RegionId}.aliyuncs.com');
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '' || url.username !== '') {
    throw new ConfigurationError(
      'ECS_ENDPOINT',
      'must be a scheme, host and optional port only, such as https://ecs-vpc.{RegionId}.aliyuncs.com',
    );
  }
  return value.replace(/\/$/, '');
}

/** Reads and checks every variable; the first broken one throws a ConfigurationError naming it. */
export function loadConfiguration(env: Environment): Configuration {
  const configuration: Configuration = {
    SourceRegionId: regionId(env, 'SOURCE_REGION_ID') ?? regionId(env, 'FC_REGION'),
    DestinationRegionIds: destinationRegionIds(env),
    DestinationSnapshotNameTemplate: template(env, 'DESTINATION_SNAPSHOT_NAME', DEFAULT_NAME_TEMPLATE, DestinationSnapshotNameSchema),
    DestinationSnapshotDescriptionTemplate: template(
      env,
      'DESTINATION_SNAPSHOT_DESCRIPTION',
      DEFAULT_DESCRIPTION_TEMPLATE,
      DestinationSnapshotDescriptionSchema,
    ),
    RetentionDays: retentionDays(env),
    Tags: tags(env),
    Encrypted: encrypted(env),
    KMSKeyId: kmsKeyId(env),
    EcsEndpointTemplate: ecsEndpoint(env),
    Selection: selection(env),
    RpoHours: positiveNumber(env, 'RPO_HOURS', DEFAULT_RPO_HOURS, { integer: false, max: 87_600 }),
    // ECS allows 1000 calls a minute per account, shared with everything else the account runs.
    ApiCallsPerMinute: positiveNumber(env, 'API_CALLS_PER_MINUTE', DEFAULT_API_CALLS_PER_MINUTE, { integer: true, max: 1000 }),
    MaxCopiesInFlight: positiveNumber(env, 'MAX_COPIES_IN_FLIGHT', DEFAULT_MAX_COPIES_IN_FLIGHT, { integer: true, max: 10_000 }),
    KeepCopies:
      read(env, 'KEEP_COPIES') === undefined ? undefined : positiveNumber(env, 'KEEP_COPIES', 1, { integer: true, max: MAX_KEEP_COPIES }),
    LockDays: read(env, 'LOCK_DAYS') === undefined ? undefined : positiveNumber(env, 'LOCK_DAYS', 1, { integer: true, max: MAX_LOCK_DAYS }),
    LockCoolOffHours: positiveNumber(env, 'LOCK_COOL_OFF_HOURS', DEFAULT_LOCK_COOL_OFF_HOURS, { integer: true, max: 72, min: 0 }),
    DrillTimeoutMinutes: positiveNumber(env, 'DRILL_TIMEOUT_MINUTES', DEFAULT_DRILL_TIMEOUT_MINUTES, { integer: true, max: 1440 }),
    CallerPolicy: {
      SourceRegions: regionList(env, 'CALLER_SOURCE_REGIONS'),
      DestinationRegions: regionList(env, 'CALLER_DESTINATION_REGIONS'),
      // The copy request's fields and the drill's own (lib/request/drill-request.ts), named here so that the copy
      // path does not load the drill's schema; test/unit/caller-drill-policy.test.ts keeps them in step.
      FixedFields: namesOf(env, 'CALLER_FIXED_FIELDS', [
        ...Object.keys(CopyRequestSchema.def.shape),
        ...['DrillDisks', 'DrillDiskCategory', 'MaxDrillDiskGiB', 'ZoneId'],
      ]),
      MaxCopies: positiveNumber(env, 'CALLER_MAX_COPIES', DEFAULT_CALLER_MAX_COPIES, { integer: true, max: 100_000 }),
      // A drill disk costs while it lives: one disk of at most 512 GiB unless the operator allows more.
      MaxDrillDisks: positiveNumber(env, 'CALLER_MAX_DRILL_DISKS', 1, { integer: true, max: 100 }),
      MaxDrillDiskGiB: positiveNumber(env, 'CALLER_MAX_DRILL_DISK_GIB', 512, { integer: true, max: 65_536 }),
      DrillDiskCategories: namesOf(env, 'CALLER_DRILL_DISK_CATEGORIES', DISK_CATEGORIES_CHEAPEST_FIRST),
    },
  };
  if (configuration.KMSKeyId !== undefined && configuration.Encrypted !== true) {
    throw new ConfigurationError('KMS_KEY_ID', 'needs ENCRYPTED=true: the key encrypts the copies');
  }
  const { LockDays, RetentionDays } = configuration;
  if (LockDays !== undefined && RetentionDays !== undefined && RetentionDays < LockDays + LOCK_RETENTION_MARGIN_DAYS) {
    throw new ConfigurationError(
      'RETENTION_DAYS',
      `must be at least LOCK_DAYS + ${LOCK_RETENTION_MARGIN_DAYS} (${LockDays + LOCK_RETENTION_MARGIN_DAYS}): a lock ends before ECS releases the copy`,
    );
  }
  return configuration;
}
