import { type DeliveryFault, DeliveryFaults } from './delivery-faults';
import {
  FUNCTION_NAME,
  functionArnOf,
  type LocalFunction,
  type LocalFunctionContext,
  type LocalFunctionHandler,
  type LocalFunctionOptions,
  LocalFunctionOptionsSchema,
} from './fc-function';

/** FC's default retries of a failed asynchronous invocation, and of this cloud's wait before each (UNVERIFIED). */
const DEFAULT_MAX_ASYNC_RETRY_ATTEMPTS = 3;
const DEFAULT_RETRY_INTERVAL_MS = 1000;
const DEFAULT_REGION = 'cn-hangzhou';

export type AsyncTaskStatus = 'Enqueued' | 'Running' | 'Retrying' | 'Succeeded' | 'Failed';

/**
 * A task as FC 3.0's AsyncTask struct names its fields
 * (https://alibabacloud.com/help/en/functioncompute/api-fc-2023-03-30-struct-asynctask), with `accountId`,
 * `functionName` and `deliveries` (every call of the handler, duplicates included) added.
 */
export interface AsyncTask {
  functionArn: string;
  functionName: string;
  accountId: string;
  taskId: string;
  requestId: string;
  qualifier: string | undefined;
  status: AsyncTaskStatus;
  /** Retries made after failed attempts. */
  alreadyRetriedTimes: number;
  /** The event as sent, read as UTF-8. */
  taskPayload: string;
  /** The last attempt's error, once one failed. */
  taskErrorMessage: string | undefined;
  deliveries: number;
  /** The engine's clock (ms) when the invocation was accepted, its first delivery started, its last attempt ended. */
  submittedTime: number;
  startedTime: number | undefined;
  endTime: number | undefined;
}

/**
 * What reached the failure destination (`destinationConfig.onFailure`) of a task that failed its first attempt and
 * every retry: the event and the last error. FC sends such a record to MNS, another function, EventBridge or
 * RocketMQ; this cloud keeps it (`ecs.failureDestinationRecords`, `GET /_local/fc/failures`). The field names are
 * this cloud's (FC's exact record: UNVERIFIED).
 */
export interface FailureDestinationRecord {
  destination: string;
  functionArn: string;
  functionName: string;
  accountId: string;
  taskId: string;
  requestId: string;
  requestPayload: string;
  error: { errorType: string; errorMessage: string };
  /** Attempts made (duplicates not counted). */
  approximateInvokeCount: number;
  /** The engine's clock (ms) when it was recorded. */
  at: number;
}

/** A new invocation accepted, or one whose task ID the function already has (with that first task). */
export type Submission = { kind: 'accepted'; task: AsyncTask } | { kind: 'duplicate'; task: AsyncTask };

export interface SubmittedInvocation {
  taskId: string | undefined;
  requestId: string;
  qualifier: string | undefined;
  event: Buffer;
}

interface TaskState {
  fn: LocalFunction;
  view: AsyncTask;
  event: Buffer;
  /** Attempts started (first delivery and retries), duplicates not counted. */
  attempts: number;
}

interface Delivery {
  state: TaskState;
  attempt: number;
  dueAtMs: number;
  duplicate: boolean;
  order: number;
}

export interface AsyncInvocationsOptions {
  now: () => number;
  /** Calls `action` when the clock reaches `atMs`; a real timer when absent. `VirtualClock.at` fits; a test that
   * wants to deliver by hand passes one that does nothing and calls `deliverDue`. */
  scheduleAt: ((atMs: number, action: () => void) => void) | undefined;
  /** The function role's credentials for one delivery (engine.ts issues an STS token). */
  credentialsFor: (fn: LocalFunction) => LocalFunctionContext['credentials'];
}

/**
 * FC's asynchronous invocation as the local cloud plays it: functions registered in process, tasks accepted by
 * InvokeFunction (invoke-function.ts) and kept by task ID, each delivered to its function at least once on the
 * engine's clock, retried after a function error up to `maxAsyncRetryAttempts`, and recorded at the failure
 * destination when every attempt failed. Delivery faults (delivery-faults.ts) deliver a task twice or late.
 * Deliveries of different tasks run side by side, as FC runs them on instances of their own.
 */
export class AsyncInvocations {
  readonly deliveryFaults = new DeliveryFaults();
  /** Every record that reached a failure destination, in order. */
  readonly failureDestinationRecords: FailureDestinationRecord[] = [];
  private readonly functions = new Map<string, LocalFunction>();
  private readonly tasks = new Map<string, TaskState>();
  private queue: Delivery[] = [];
  private nextOrder = 0;
  private running = 0;
  private idleWaiters: Array<() => void> = [];
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private stopped = false;

  constructor(private readonly options: AsyncInvocationsOptions) {}

  /** Throws on a malformed name or options, or a name the account already has. */
  register(functionName: string, handler: LocalFunctionHandler, options: LocalFunctionOptions, defaultAccountId: string): LocalFunction {
    if (!FUNCTION_NAME.test(functionName)) {
      throw new TypeError(`Expected the function name "${functionName}" to be a letter or _ and then letters, digits, _ or - (≤128).`);
    }
    if (typeof handler !== 'function') throw new TypeError(`Expected the handler of ${functionName} to be a function.`);
    const parsed = LocalFunctionOptionsSchema.parse(options);
    const fn: LocalFunction = {
      functionName,
      accountId: parsed.accountId ?? defaultAccountId,
      regionId: parsed.regionId ?? DEFAULT_REGION,
      maxAsyncRetryAttempts: parsed.maxAsyncRetryAttempts ?? DEFAULT_MAX_ASYNC_RETRY_ATTEMPTS,
      retryIntervalMs: parsed.retryIntervalMs ?? DEFAULT_RETRY_INTERVAL_MS,
      asyncTask: parsed.asyncTask ?? true,
      failureDestination: parsed.failureDestination,
      duplicateTaskId: parsed.duplicateTaskId ?? 'conflict',
      role: parsed.role,
      handler,
    };
    const key = keyOf(fn.accountId, functionName);
    if (this.functions.has(key)) throw new TypeError(`Expected function ${functionName} to be new to account ${fn.accountId}.`);
    this.functions.set(key, fn);
    return fn;
  }

  functionOf(accountId: string, functionName: string): LocalFunction | undefined {
    return this.functions.get(keyOf(accountId, functionName));
  }

  /** Keeps a new task and schedules its first delivery; a task ID the function already has changes nothing. */
  submit(fn: LocalFunction, invocation: SubmittedInvocation): Submission {
    const taskId = invocation.taskId ?? invocation.requestId;
    const key = keyOf(fn.accountId, fn.functionName, taskId);
    const existing = this.tasks.get(key);
    if (existing !== undefined) return { kind: 'duplicate', task: { ...existing.view } };
    const state: TaskState = {
      fn,
      event: Buffer.from(invocation.event),
      attempts: 0,
      view: {
        functionArn: functionArnOf(fn),
        functionName: fn.functionName,
        accountId: fn.accountId,
        taskId,
        requestId: invocation.requestId,
        qualifier: invocation.qualifier,
        status: 'Enqueued',
        alreadyRetriedTimes: 0,
        taskPayload: invocation.event.toString('utf8'),
        taskErrorMessage: undefined,
        deliveries: 0,
        submittedTime: this.options.now(),
        startedTime: undefined,
        endTime: undefined,
      },
    };
    this.tasks.set(key, state);
    this.scheduleAttempt(state, 1, this.options.now());
    return { kind: 'accepted', task: { ...state.view } };
  }

  /** The tasks kept, in the order accepted, of one account or function when named. */
  list(filter: { accountId?: string | undefined; functionName?: string | undefined } = {}): AsyncTask[] {
    return [...this.tasks.values()]
      .filter(({ view }) => filter.accountId === undefined || view.accountId === filter.accountId)
      .filter(({ view }) => filter.functionName === undefined || view.functionName === filter.functionName)
      .map(({ view }) => ({ ...view }));
  }

  /**
   * Delivers every delivery due by the clock's now, and waits for them; again while the retries they schedule are
   * due. With real timers this happens by itself; a test on a clock of its own calls it after moving the clock.
   */
  async deliverDue(): Promise<void> {
    for (;;) {
      const nowMs = this.options.now();
      const due = this.queue.filter((delivery) => delivery.dueAtMs <= nowMs).sort((a, b) => a.dueAtMs - b.dueAtMs || a.order - b.order);
      if (due.length === 0) return;
      this.queue = this.queue.filter((delivery) => !due.includes(delivery));
      await Promise.all(due.map((delivery) => this.deliver(delivery)));
    }
  }

  /** Resolves once no delivery is running or waiting (at once when none is). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops the real timers: nothing more is delivered by itself (the HTTP endpoint's close). */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private scheduleAttempt(state: TaskState, attempt: number, atMs: number): void {
    const fault: DeliveryFault | undefined = this.deliveryFaults.take(state.fn.functionName);
    const dueAtMs = atMs + (fault?.kind === 'delay' ? fault.ms : 0);
    this.enqueue({ state, attempt, dueAtMs, duplicate: false, order: this.nextOrder++ });
    if (fault?.kind === 'duplicate-delivery') {
      this.enqueue({ state, attempt, dueAtMs: dueAtMs + (fault.afterMs ?? 0), duplicate: true, order: this.nextOrder++ });
    }
  }

  private enqueue(delivery: Delivery): void {
    this.queue.push(delivery);
    const wake = () => void this.deliverDue();
    if (this.options.scheduleAt !== undefined) {
      this.options.scheduleAt(delivery.dueAtMs, wake);
      return;
    }
    if (this.stopped) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        wake();
      },
      Math.max(0, delivery.dueAtMs - this.options.now()),
    );
    this.timers.add(timer);
  }

  /** One call of the handler; the outcome of a first delivery or retry decides the task's fate, a duplicate's none. */
  private async deliver(delivery: Delivery): Promise<void> {
    const { state, attempt, duplicate } = delivery;
    const { fn, view } = state;
    this.running += 1;
    if (!duplicate) {
      state.attempts += 1;
      view.status = 'Running';
    }
    view.deliveries += 1;
    view.startedTime ??= this.options.now();
    const credentials = fn.role === undefined ? undefined : this.options.credentialsFor(fn);
    const context: LocalFunctionContext = {
      requestId: view.requestId,
      taskId: view.taskId,
      functionName: fn.functionName,
      accountId: fn.accountId,
      region: fn.regionId,
      attempt,
      ...(credentials !== undefined ? { credentials } : {}),
    };
    let failure: { errorType: string; errorMessage: string } | undefined;
    try {
      await Promise.resolve().then(() => fn.handler(Buffer.from(state.event), context));
    } catch (error) {
      failure = errorOf(error);
    }
    this.running -= 1;
    if (!duplicate) this.settle(state, attempt, failure);
    this.wakeIdleWaiters();
  }

  private settle(state: TaskState, attempt: number, failure: { errorType: string; errorMessage: string } | undefined): void {
    const { fn, view } = state;
    const nowMs = this.options.now();
    if (failure === undefined) {
      view.status = 'Succeeded';
      view.endTime = nowMs;
      return;
    }
    view.taskErrorMessage = failure.errorMessage;
    if (attempt <= fn.maxAsyncRetryAttempts) {
      view.status = 'Retrying';
      view.alreadyRetriedTimes = attempt;
      this.scheduleAttempt(state, attempt + 1, nowMs + fn.retryIntervalMs);
      return;
    }
    view.status = 'Failed';
    view.endTime = nowMs;
    if (fn.failureDestination === undefined) return;
    this.failureDestinationRecords.push({
      destination: fn.failureDestination,
      functionArn: view.functionArn,
      functionName: fn.functionName,
      accountId: fn.accountId,
      taskId: view.taskId,
      requestId: view.requestId,
      requestPayload: view.taskPayload,
      error: failure,
      approximateInvokeCount: state.attempts,
      at: nowMs,
    });
  }

  private isIdle(): boolean {
    return this.running === 0 && this.queue.length === 0;
  }

  private wakeIdleWaiters(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

function keyOf(...parts: string[]): string {
  return JSON.stringify(parts);
}

/** A function error as FC reports one: the error's name as its type (`UnhandledInvocationError` for a non-Error). */
function errorOf(error: unknown): { errorType: string; errorMessage: string } {
  if (error instanceof Error) return { errorType: error.name, errorMessage: error.message };
  return {
    errorType: 'UnhandledInvocationError',
    errorMessage: typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error)),
  };
}
