import { type LocalEcs, type LocalEcsOptions, startLocalEcs } from '../../ecs-local';

/** The local endpoint of the running test, on a clock of its own that moves only when the test moves it. */
export interface SteppedLocalEcs {
  readonly ecs: LocalEcs;
  /** The endpoint's clock, in ms. */
  readonly nowMs: number;
  /** Moves the endpoint's clock on by `ms`. */
  advance(ms: number): void;
  /** Closes the endpoint and starts another, with `overrides` over the file's options, on the same clock. */
  restart(overrides: Partial<LocalEcsOptions>): Promise<void>;
}

/** Registers a fresh endpoint (its clock started at the real now) before each test of the file or `describe`
 * block, and its close after the test; read `ecs` inside a test, never before. */
export function localEcsEach(options: Omit<LocalEcsOptions, 'now'>): SteppedLocalEcs {
  let nowMs = Date.now();
  let current: LocalEcs | undefined;
  const start = (overrides: Partial<LocalEcsOptions> = {}) => startLocalEcs({ ...options, now: () => nowMs, ...overrides });
  const started = (): LocalEcs => {
    if (current === undefined) throw new Error('the local endpoint is read outside a test');
    return current;
  };
  beforeEach(async () => {
    nowMs = Date.now();
    current = await start();
  });
  afterEach(async () => {
    await started().close();
  });
  return {
    get ecs() {
      return started();
    },
    get nowMs() {
      return nowMs;
    },
    advance: (ms) => {
      nowMs += ms;
    },
    restart: async (overrides) => {
      await started().close();
      current = await start(overrides);
    },
  };
}
