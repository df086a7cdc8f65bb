import { closeAfterEach, fcContext, type Harness, type HarnessOptions, startHarness } from './harness';
import { parsedLogs } from './output';
import { VirtualClock } from './virtual-clock';

/** A harness on a virtual clock of its own, both new for each test of the file or `describe` block that calls
 * `clockedHarnessEach`, so that minutes of copies, disks and images pass at once and no test sees another's. */
export interface ClockedHarness {
  readonly harness: Harness;
  readonly clock: VirtualClock;
  /** FC's context for a function given 900 s, the longest FC allows, as a restore or drill run is deployed. */
  context(): Record<string, unknown>;
  /** The lines the function logged with this `message`, parsed, in order. */
  logsOf(message: string): Array<Record<string, unknown>>;
}

/** Registers the start of a fresh harness before each test (on a fresh clock started at the real now) and
 * `closeAfterEach`'s check and close after it; read `harness` and `clock` inside a test, never before. */
export function clockedHarnessEach(options: Omit<HarnessOptions, 'clock'>): ClockedHarness {
  let current: { harness: Harness; clock: VirtualClock } | undefined;
  const started = () => {
    if (current === undefined) throw new Error('the clocked harness is read outside a test');
    return current;
  };
  beforeEach(async () => {
    const clock = new VirtualClock(Date.now());
    current = { clock, harness: await startHarness({ ...options, clock }) };
  });
  closeAfterEach(() => started().harness);
  return {
    get harness() {
      return started().harness;
    },
    get clock() {
      return started().clock;
    },
    context: () => fcContext({ function: { timeout: 900 } }),
    logsOf: (message) => parsedLogs(started().harness.logs).filter((line) => line.message === message),
  };
}
