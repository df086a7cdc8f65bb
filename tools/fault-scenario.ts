/**
 * One bad day for the function, replayable from a seed: a small fleet (or one snapshot) in an ECS account (the
 * local ECS endpoint, reached through the real pop-core client, unless the caller brings another) which answers a
 * share of all requests with a random fault; the real handler is invoked with the event, FC re-delivers it while it
 * fails, and the operator's next scheduled run follows with ECS healthy again. Afterwards the destinations are
 * counted: every requested copy must exist exactly once, every failure that was reported must carry its class, and
 * nothing the function said may hold a credential.
 *
 * Shared by test/integration/fault-matrix.test.ts (a bounded run in the suite, against the local endpoint),
 * test/unit/fault-matrix.test.ts (the same scenarios on the fake ECS and a virtual clock) and tools/fault-matrix.ts
 * (hundreds, with a report).
 */
import { type CloudControls, type Snapshot, startLocalEcs } from '../ecs-local';
import { faultLabel, mulberry32, type RandomFaultOptions } from '../ecs-local/random-faults';
import { createHandler, type HandlerOptions } from '../functions/copy-snapshot/index';
import { DEFAULT_RETRY_POLICY } from '../lib/calls/retry';
import type { Ecs } from '../lib/ecs/ecs';
import { PopCoreEcs } from '../lib/ecs/pop-core-ecs';
import { ERROR_CLASSES, type ErrorClass } from '../lib/failures/error-classes';
import { PROVENANCE_KEYS } from '../lib/request/provenance';
import { CANARY_CREDENTIALS, type ContextCredentials, fcContext } from './fc-fixtures';

/** The matrix signs with the canary credentials: one of these strings in a log line, an answer or an error is a leak. */
export const MATRIX_CREDENTIALS: Required<ContextCredentials> = CANARY_CREDENTIALS;

/**
 * An ECS account a scenario runs in: seeded, faulted at random and counted afterwards, and the handler options that
 * point the function at it.
 */
/** What a scenario does to the local cloud, through either transport. */
export type ScenarioCloud = Pick<CloudControls, 'addSnapshot' | 'snapshots' | 'setRandomFaults' | 'injectedRandomFaults' | 'calls'>;

export interface ScenarioAccount {
  /** The local cloud behind the transport (the HTTP endpoint, or the unit tests' fake): seeds, snapshots, random
   * faults, and the record of every call ECS saw (docs/ecs-local.md, "The call record"). */
  readonly cloud: ScenarioCloud;
  /** Where the function finds this account, and the clock it waits on. */
  readonly handlerOptions: Pick<HandlerOptions, 'env' | 'createEcs' | 'createEcsDisks' | 'sleep' | 'now'>;
  /** Resolves once every request ECS still holds back (a `delay` fault) has acted. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface AccountOptions {
  credentials: ContextCredentials;
  copyDurationMs: number;
  randomFaults: RandomFaultOptions;
}

export type OpenAccount = (options: AccountOptions) => Promise<ScenarioAccount>;

export const SOURCE_REGION = 'cn-hangzhou';
const DESTINATION_REGIONS = ['us-east-1', 'eu-central-1'] as const;
/** Short, so that a `delay` fault costs a scenario a third of a second, not the default ten. */
export const ATTEMPT_TIMEOUT_MS = 300;
/** Longer than an attempt waits: a delayed answer is a timeout, and the action still happens after it. */
export const DELAY_MS = 450;
/** FC's default `maxAsyncRetryAttempts` (https://www.alibabacloud.com/help/en/functioncompute/fc/error-handling-1-2),
 * which s.yaml keeps. */
export const FC_ASYNC_RETRIES = 3;
/** s.yaml's `timeout`. */
const FUNCTION_TIMEOUT_SECONDS = 900;
/**
 * Fixed times keep each request's parameters (the provenance tags carry the source's CreationTime, names carry the
 * trigger time), and with them the faults drawn for it, the same from one run of a seed to the next. RPO_HOURS is
 * set to its maximum so that these old sources count as within RPO once copied.
 */
const OLDER_SNAPSHOT_TIME = '2026-01-01T02:00:00Z';
const NEWEST_SNAPSHOT_TIME = '2026-01-02T02:00:00Z';
const TRIGGER_TIME = '2026-11-27T19:00:00Z';
const NEXT_TRIGGER_TIME = '2026-11-28T19:00:00Z';

/**
 * The class docs/errors.md gives each code the matrix's faults
 * can cause. A failure with another class is misclassified (a throttle not backed off, a blip not retried); one
 * with a code not listed here is a failure the matrix did not cause, so the function did not recognise it.
 */
const DOCUMENTED_CLASSES: Readonly<Record<string, ErrorClass>> = {
  'Throttling.User': 'throttled',
  ServiceUnavailable: 'transient',
  InternalError: 'transient',
  SignatureNonceUsed: 'transient',
  EcsBadResponse: 'transient',
  EcsUnreachable: 'transient',
  EcsTimeout: 'transient',
  DeadlineExceeded: 'transient',
};
const CLASS_NAMES = Object.keys(ERROR_CLASSES).join('|');
/** `Code (class): Message …` for one copy, `CopyRunFailed: …` for a run (docs/events-and-answers.md, "Answers"). */
const REJECTION_MESSAGE = new RegExp(`^(?:CopyRunFailed: |[A-Za-z][\\w.]* \\((?:${CLASS_NAMES})\\): )`);

export type Selector = 'SnapshotId' | 'SnapshotIds' | 'DiskIds' | 'InstanceIds' | 'SourceTag';

export interface ScenarioSpec {
  seed: number;
  /** The chance that any one ECS request gets a fault. */
  probability: number;
  /** A timer event (names from its triggerTime) or a direct invocation (literal names), both retried by FC. */
  trigger: 'timer' | 'direct';
  selector: Selector;
  disks: number;
  destinations: string[];
  /**
   * Attempts a call gets within one invocation: the function's 8, or fewer, which stands for an outage longer than
   * its retries ride out, so that invocations fail and FC's re-deliveries and the next run must finish the work.
   */
  maxAttempts: number;
}

export interface CopyProblem {
  SourceSnapshotId: string;
  DestinationRegionId: string;
  copies: string[];
}

export interface ScenarioResult {
  spec: ScenarioSpec;
  /** Invocations, the final scheduled run included. */
  deliveries: number;
  rejections: number;
  /**
   * What the operator's next run, with ECS healthy, came to: `ok`; `outside-rpo` when it only failed because disks
   * have no accomplished copy yet (the copies it just started are still running: docs/fleet.md);
   * or the rejection's message, which with ECS healthy is a problem.
   */
  finalRun: 'ok' | 'outside-rpo' | string;
  /** Requested copies missing when FC stopped re-delivering: the next scheduled run had to make them. */
  leftForNextRun: number;
  /** Requested copies missing after an invocation that succeeded: a copy lost without a word. */
  silentlyMissing: CopyProblem[];
  calls: number;
  nonPostCalls: number;
  /** The random faults applied, as `Action label`, sorted: equal for two runs of one seed. */
  faultTrace: string[];
  copiesRequested: number;
  exactlyOnce: number;
  duplicates: CopyProblem[];
  lost: CopyProblem[];
  /** Copies of snapshots the request did not select. */
  stray: CopyProblem[];
  unclassified: string[];
  secretHits: string[];
  durationMs: number;
}

/** The scenario a seed stands for: its fleet, destinations, selector, trigger and fault probability. */
export function scenarioFor(seed: number): ScenarioSpec {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const probability = Math.round((0.2 + random() * 0.3) * 100) / 100;
  const selector = pick<Selector>(['SnapshotId', 'SnapshotIds', 'DiskIds', 'InstanceIds', 'SourceTag']);
  const trigger = pick<ScenarioSpec['trigger']>(['timer', 'timer', 'direct']);
  const single = selector === 'SnapshotId';
  const disks = single ? 1 : 2 + Math.floor(random() * 3);
  const destinations = single || random() < 0.5 ? [pick(DESTINATION_REGIONS)] : [...DESTINATION_REGIONS];
  const maxAttempts = pick([2, 3, DEFAULT_RETRY_POLICY.maxAttempts]);
  return { seed, probability, trigger, selector, disks, destinations, maxAttempts };
}

interface Fleet {
  request: Record<string, unknown>;
  /** Every source the request selects. */
  requested: string[];
}

/**
 * Each disk has an older and a newest snapshot (only the newest is to be copied), on one of two instances, tagged
 * env=prod; a decoy disk on another instance, tagged env=dev, must never be copied.
 */
function seedFleet(ecs: ScenarioCloud, spec: ScenarioSpec): Fleet {
  const id = `fm${spec.seed}`;
  const newest: string[] = [];
  const diskIds: string[] = [];
  const instanceIds = new Set<string>();
  for (let disk = 1; disk <= spec.disks; disk++) {
    const DiskId = `d-${id}disk${disk}`;
    const InstanceId = `i-${id}inst${1 + (disk % 2)}`;
    diskIds.push(DiskId);
    instanceIds.add(InstanceId);
    for (const [suffix, CreationTime] of [
      ['old', OLDER_SNAPSHOT_TIME],
      ['new', NEWEST_SNAPSHOT_TIME],
    ] as const) {
      ecs.addSnapshot({
        RegionId: SOURCE_REGION,
        SnapshotId: `s-${id}d${disk}${suffix}`,
        DiskId,
        InstanceId,
        SnapshotType: 'auto',
        CreationTime,
        Tags: [{ Key: 'env', Value: 'prod' }],
      });
    }
    newest.push(`s-${id}d${disk}new`);
  }
  ecs.addSnapshot({
    RegionId: SOURCE_REGION,
    SnapshotId: `s-${id}decoy`,
    DiskId: `d-${id}decoy`,
    InstanceId: `i-${id}decoy`,
    SnapshotType: 'auto',
    CreationTime: NEWEST_SNAPSHOT_TIME,
    Tags: [{ Key: 'env', Value: 'dev' }],
  });

  const DestinationRegionId = spec.destinations.length === 1 ? spec.destinations[0] : spec.destinations;
  const selection: Record<Selector, Record<string, unknown>> = {
    SnapshotId: { SnapshotId: newest[0] },
    SnapshotIds: { SnapshotIds: newest },
    DiskIds: { DiskIds: diskIds },
    InstanceIds: { InstanceIds: [...instanceIds] },
    SourceTag: { SourceTag: [{ Key: 'env', Value: 'prod' }] },
  };
  const names =
    spec.trigger === 'direct' ? { DestinationSnapshotName: 'dr-fault-matrix', DestinationSnapshotDescription: 'fault matrix copy' } : {};
  return { request: { ...selection[spec.selector], DestinationRegionId, ...names }, requested: newest };
}

function eventFor(spec: ScenarioSpec, request: Record<string, unknown>, triggerTime: string): Buffer {
  if (spec.trigger === 'direct') return Buffer.from(JSON.stringify(request));
  return Buffer.from(JSON.stringify({ triggerTime, triggerName: 'daily-copy', payload: JSON.stringify(request) }));
}

type Handler = ReturnType<typeof createHandler>;

/** The handler as the matrix runs it, on the account's clock: the test-friendly retry timing, no backoff wait. */
function matrixHandler(account: ScenarioAccount, spec: ScenarioSpec, logs: string[]): Handler {
  const { env, ...where } = account.handlerOptions;
  return createHandler({
    ...where,
    env: {
      ...env,
      SOURCE_REGION_ID: SOURCE_REGION,
      DESTINATION_REGION_ID: spec.destinations.join(','),
      API_CALLS_PER_MINUTE: '1000',
      RPO_HOURS: '87600',
    },
    logSink: (line) => logs.push(line),
    // Backoff is time, not behaviour under faults (test/unit/retry.test.ts and the fleet tests cover it).
    random: () => 0,
    retryPolicy: { ...DEFAULT_RETRY_POLICY, maxAttempts: spec.maxAttempts, attemptTimeoutMs: ATTEMPT_TIMEOUT_MS, minAttemptMs: 100 },
  });
}

let deliveryCount = 0;

type Delivery = { ok: true; value: unknown } | { ok: false; error: unknown };

async function deliver(handler: Handler, event: Buffer, outputs: string[]): Promise<Delivery> {
  try {
    const context = fcContext({
      requestId: `fm-${++deliveryCount}`,
      region: SOURCE_REGION,
      credentials: MATRIX_CREDENTIALS,
      timeoutSeconds: FUNCTION_TIMEOUT_SECONDS,
    });
    const value = await handler(event, context);
    outputs.push(JSON.stringify(value));
    return { ok: true, value };
  } catch (error) {
    outputs.push(describeThrown(error));
    return { ok: false, error };
  }
}

/** Everything a thrown value shows to whoever catches it: name, message, stack and enumerable fields. */
export function describeThrown(error: unknown): string {
  if (!(error instanceof Error)) return `non-Error thrown: ${String(error)}`;
  return `${error.name} ${error.message} ${error.stack ?? ''} ${JSON.stringify(error)}`;
}

/**
 * The local ECS endpoint, reached through the real pop-core client. The function's backoff and pace do not wait
 * (they are time, not behaviour under faults); the endpoint's delays and the client's timeouts are real.
 */
export async function localEndpointAccount(options: AccountOptions): Promise<ScenarioAccount> {
  const ecs = await startLocalEcs({ ...options, credentials: [{ ...options.credentials }] });
  let sent = 0;
  const counted = (inner: Ecs): Ecs => ({
    copySnapshot: (parameters, call) => {
      sent++;
      return inner.copySnapshot(parameters, call);
    },
    describeSnapshots: (query, call) => {
      sent++;
      return inner.describeSnapshots(query, call);
    },
  });
  return {
    cloud: ecs,
    handlerOptions: {
      env: { ECS_ENDPOINT: ecs.url },
      createEcs: (configuration) => counted(new PopCoreEcs(configuration.EcsEndpointTemplate)),
      sleep: async () => undefined,
    },
    // The endpoint records a request when it acts on it: a delayed one after its delay. One it never read (the
    // client gave up while sending) is never recorded, so the wait ends after the longest delay at the latest.
    settle: async () => {
      const latest = Date.now() + DELAY_MS + 50;
      while (ecs.calls.length < sent && Date.now() < latest) await new Promise((resolve) => setTimeout(resolve, 5));
    },
    close: () => ecs.close(),
  };
}

/** Runs one scenario from its seed; never throws for what the function does, only for a broken set-up. */
export async function runScenario(spec: ScenarioSpec, openAccount: OpenAccount = localEndpointAccount): Promise<ScenarioResult> {
  const startedAt = Date.now();
  const account = await openAccount({
    credentials: MATRIX_CREDENTIALS,
    // Copies are done at once: a re-delivery finds them accomplished, and the final run finds every disk within RPO.
    copyDurationMs: 1,
    randomFaults: { seed: spec.seed, probability: spec.probability, delayMs: DELAY_MS },
  });
  try {
    const fleet = seedFleet(account.cloud, spec);
    const logs: string[] = [];
    const outputs: string[] = [];
    const rejections: unknown[] = [];

    const handler = matrixHandler(account, spec, logs);
    const event = eventFor(spec, fleet.request, TRIGGER_TIME);
    let deliveries = 1;
    let delivery = await deliver(handler, event, outputs);
    // FC retries an asynchronous invocation that failed, up to maxAsyncRetryAttempts times, with the same event.
    for (let retry = 1; !delivery.ok && retry <= FC_ASYNC_RETRIES; retry++) {
      rejections.push(delivery.error);
      deliveries++;
      delivery = await deliver(handler, event, outputs);
    }
    if (!delivery.ok) rejections.push(delivery.error);
    const afterFc = countCopies(account.cloud, fleet.requested, spec.destinations);
    // A success says every requested copy is made or found; a copy missing then was lost without a word.
    const silentlyMissing = delivery.ok ? afterFc.lost : [];

    // The operator's next scheduled run, on a fresh instance, with ECS healthy again.
    account.cloud.setRandomFaults(undefined);
    const final = await deliver(matrixHandler(account, spec, logs), eventFor(spec, fleet.request, NEXT_TRIGGER_TIME), outputs);
    deliveries++;
    if (!final.ok) rejections.push(final.error);

    // A delayed request acts when its delay is over, possibly after its invocation gave up on it: count after that.
    if (account.cloud.injectedRandomFaults.some((injected) => injected.fault.kind === 'delay')) await account.settle();

    const copies = countCopies(account.cloud, fleet.requested, spec.destinations);
    return {
      spec,
      deliveries,
      rejections: rejections.length,
      finalRun: final.ok ? 'ok' : finalRunFailure(final.error),
      leftForNextRun: afterFc.lost.length,
      silentlyMissing,
      calls: account.cloud.calls.length,
      nonPostCalls: account.cloud.calls.filter((call) => call.transport.kind === 'http' && call.transport.method !== 'POST').length,
      faultTrace: account.cloud.injectedRandomFaults.map((injected) => `${injected.Action} ${faultLabel(injected.fault)}`).sort(),
      copiesRequested: fleet.requested.length * spec.destinations.length,
      ...copies,
      unclassified: unclassifiedFailures(logs, rejections),
      secretHits: secretHits([...logs, ...outputs], MATRIX_CREDENTIALS),
      durationMs: Date.now() - startedAt,
    };
  } finally {
    await account.close();
  }
}

function finalRunFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /^CopyRunFailed: \d+ disk and destination pair\(s\) outside RPO/.test(message) ? 'outside-rpo' : message;
}

/**
 * For every requested source and destination, the copies there that carry the source in their provenance tag and
 * did not fail: one is right, two or more a duplicate, none a loss. Copies of any other source are strays.
 */
export function countCopies(
  ecs: { snapshots(regionId: string): Snapshot[] },
  requested: readonly string[],
  destinations: readonly string[],
): { exactlyOnce: number; duplicates: CopyProblem[]; lost: CopyProblem[]; stray: CopyProblem[] } {
  const duplicates: CopyProblem[] = [];
  const lost: CopyProblem[] = [];
  const stray: CopyProblem[] = [];
  let exactlyOnce = 0;
  for (const DestinationRegionId of destinations) {
    const bySource = new Map<string, string[]>();
    for (const snapshot of ecs.snapshots(DestinationRegionId)) {
      if (snapshot.Status === 'failed') continue;
      const source = snapshot.Tags.Tag.find((tag) => tag.TagKey === PROVENANCE_KEYS.SourceSnapshotId)?.TagValue ?? '(no provenance tag)';
      bySource.set(source, [...(bySource.get(source) ?? []), snapshot.SnapshotId]);
    }
    for (const SourceSnapshotId of requested) {
      const copies = bySource.get(SourceSnapshotId) ?? [];
      if (copies.length === 1) exactlyOnce++;
      else (copies.length === 0 ? lost : duplicates).push({ SourceSnapshotId, DestinationRegionId, copies });
    }
    for (const [SourceSnapshotId, copies] of bySource) {
      if (!requested.includes(SourceSnapshotId)) stray.push({ SourceSnapshotId, DestinationRegionId, copies });
    }
  }
  return { exactlyOnce, duplicates, lost, stray };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Failures not reported with their class: a log line that is not JSON, a defect of the function (`internal-failure`),
 * a failure line (`copy-failed`, `copy-attempt-failed`) without a Code or with a Class other than docs/errors.md gives its
 * Code (a Code it does not list included), and a rejection that is not `CopySnapshotFailed` with `Code (class): …` or `CopyRunFailed: …`,
 * or whose code and class disagree with docs/errors.md.
 */
export function unclassifiedFailures(logs: readonly string[], rejections: readonly unknown[]): string[] {
  const found: string[] = [];
  const misclassified = (Code: unknown, Class: unknown) =>
    typeof Code !== 'string' || DOCUMENTED_CLASSES[Code] === undefined || DOCUMENTED_CLASSES[Code] !== Class;
  for (const line of logs) {
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      found.push(`log line that is not JSON: ${line.slice(0, 120)}`);
      continue;
    }
    if (!isRecord(entry)) {
      found.push(`log line that is not a JSON object: ${line.slice(0, 120)}`);
      continue;
    }
    if (entry.message === 'internal-failure') {
      found.push(`a defect of the function (${String(entry.Error)}): ${line.slice(0, 200)}`);
      continue;
    }
    if (entry.message !== 'copy-failed' && entry.message !== 'copy-attempt-failed') continue;
    if (misclassified(entry.Code, entry.Class)) {
      const expected = typeof entry.Code === 'string' ? DOCUMENTED_CLASSES[entry.Code] : undefined;
      found.push(
        `${String(entry.message)} with Class ${String(entry.Class)} where docs/errors.md gives ${expected ?? 'no class for its Code'}: ${line.slice(0, 200)}`,
      );
    }
  }
  for (const error of rejections) {
    const single = error instanceof Error ? /^([A-Za-z][\w.]*) \(([a-z-]+)\): /.exec(error.message) : null;
    if (!(error instanceof Error) || error.name !== 'CopySnapshotFailed' || !REJECTION_MESSAGE.test(error.message)) {
      found.push(`rejection without a Code and class: ${describeThrown(error).slice(0, 200)}`);
    } else if (single && misclassified(single[1], single[2])) {
      found.push(`rejection whose class is not docs/errors.md's for its code: ${error.message.slice(0, 200)}`);
    } else {
      // `CopyRunFailed: 2 of 8 copies failed (EcsTimeout ×1, Throttling.User ×1); …`
      const codes =
        /^CopyRunFailed: \d+ of \d+ copies failed \(([^)]*)\)/
          .exec(error.message)?.[1]
          ?.split(', ')
          .map((part) => part.replace(/ ×\d+$/, '')) ?? [];
      const unknown = codes.filter((code) => DOCUMENTED_CLASSES[code] === undefined);
      if (unknown.length > 0) found.push(`rejection naming code(s) docs/errors.md gives no class for here: ${unknown.join(', ')}`);
    }
  }
  return found;
}

/**
 * Where a credential or a signature shows: the AccessKey secret and the STS token as they are, percent-encoded once
 * (as in a signed URL) and twice (as in a string-to-sign), and any `Signature=` that was not redacted.
 */
export function secretHits(texts: readonly string[], credentials: { accessKeySecret: string; securityToken?: string }): string[] {
  const forms: Array<[string, string]> = [];
  for (const [name, secret] of [
    ['AccessKey secret', credentials.accessKeySecret],
    ['STS token', credentials.securityToken],
  ] as const) {
    if (!secret) continue;
    forms.push(
      [name, secret],
      [`${name} (percent-encoded)`, encodeURIComponent(secret)],
      [`${name} (percent-encoded twice)`, encodeURIComponent(encodeURIComponent(secret))],
    );
  }
  const hits: string[] = [];
  texts.forEach((text, index) => {
    for (const [name, form] of forms) if (text.includes(form)) hits.push(`${name} in output ${index + 1}`);
    if (/Signature(?:=|%3D|%253D)(?!\[REDACTED\])/i.test(text)) hits.push(`a signature in output ${index + 1}`);
  });
  return hits;
}

/** Runs the scenarios of these seeds, `concurrency` at a time (each in an account of its own), in seed order. */
export async function runScenarios(
  seeds: readonly number[],
  concurrency: number,
  onResult?: (result: ScenarioResult) => void,
  openAccount: OpenAccount = localEndpointAccount,
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = new Array<ScenarioResult>(seeds.length);
  let next = 0;
  const worker = async () => {
    while (next < seeds.length) {
      const index = next++;
      const result = await runScenario(scenarioFor(seeds[index] as number), openAccount);
      results[index] = result;
      onResult?.(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, seeds.length) }, worker));
  return results;
}

export interface MatrixReport {
  scenarios: number;
  deliveries: number;
  rejections: number;
  /** Next runs that failed only because the copies they started are not done yet. */
  finalRunsOutsideRpo: number;
  /** Next runs that failed otherwise, with ECS healthy. */
  finalRunsFailed: number;
  leftForNextRun: number;
  silentlyMissing: number;
  ecsCalls: number;
  nonPostCalls: number;
  faultsInjected: Record<string, number>;
  copiesRequested: number;
  exactlyOnce: number;
  duplicates: number;
  lost: number;
  stray: number;
  unclassified: number;
  secretHits: number;
  /** One line for each problem, with the seed that replays it. */
  problems: string[];
}

export function summarizeScenarios(results: readonly ScenarioResult[]): MatrixReport {
  const faultsInjected: Record<string, number> = {};
  const problems: string[] = [];
  const sum = (count: (result: ScenarioResult) => number) => results.reduce((total, result) => total + count(result), 0);
  for (const result of results) {
    for (const entry of result.faultTrace) {
      const label = entry.slice(entry.indexOf(' ') + 1);
      faultsInjected[label] = (faultsInjected[label] ?? 0) + 1;
    }
    const { spec } = result;
    const seed = `seed ${spec.seed} (${spec.trigger}, ${spec.selector}, ${spec.disks} disk(s) to ${spec.destinations.join('+')}, p=${spec.probability}, ${spec.maxAttempts} attempts)`;
    for (const problem of result.duplicates)
      problems.push(`${seed}: duplicate: ${problem.SourceSnapshotId} in ${problem.DestinationRegionId} as ${problem.copies.join(', ')}`);
    for (const problem of result.lost)
      problems.push(`${seed}: lost: ${problem.SourceSnapshotId} has no copy in ${problem.DestinationRegionId}`);
    for (const problem of result.silentlyMissing) {
      problems.push(`${seed}: missing after a successful invocation: ${problem.SourceSnapshotId} in ${problem.DestinationRegionId}`);
    }
    for (const problem of result.stray)
      problems.push(
        `${seed}: stray: ${problem.SourceSnapshotId} was not requested, copied to ${problem.DestinationRegionId} as ${problem.copies.join(', ')}`,
      );
    for (const problem of result.unclassified) problems.push(`${seed}: unclassified: ${problem}`);
    for (const problem of result.secretHits) problems.push(`${seed}: secret: ${problem}`);
    if (result.finalRun !== 'ok' && result.finalRun !== 'outside-rpo')
      problems.push(`${seed}: the next run failed with ECS healthy: ${result.finalRun.slice(0, 200)}`);
    if (result.nonPostCalls > 0) problems.push(`${seed}: ${result.nonPostCalls} ECS call(s) not sent as POST`);
  }
  return {
    scenarios: results.length,
    deliveries: sum((result) => result.deliveries),
    rejections: sum((result) => result.rejections),
    finalRunsOutsideRpo: sum((result) => (result.finalRun === 'outside-rpo' ? 1 : 0)),
    finalRunsFailed: sum((result) => (result.finalRun === 'ok' || result.finalRun === 'outside-rpo' ? 0 : 1)),
    leftForNextRun: sum((result) => result.leftForNextRun),
    silentlyMissing: sum((result) => result.silentlyMissing.length),
    ecsCalls: sum((result) => result.calls),
    nonPostCalls: sum((result) => result.nonPostCalls),
    faultsInjected,
    copiesRequested: sum((result) => result.copiesRequested),
    exactlyOnce: sum((result) => result.exactlyOnce),
    duplicates: sum((result) => result.duplicates.length),
    lost: sum((result) => result.lost.length),
    stray: sum((result) => result.stray.length),
    unclassified: sum((result) => result.unclassified.length),
    secretHits: sum((result) => result.secretHits.length),
    problems,
  };
}

/** The counts that must read 0. */
export function matrixPassed(report: MatrixReport): boolean {
  return (
    report.duplicates +
      report.lost +
      report.silentlyMissing +
      report.finalRunsFailed +
      report.unclassified +
      report.secretHits +
      report.stray +
      report.nonPostCalls ===
    0
  );
}
