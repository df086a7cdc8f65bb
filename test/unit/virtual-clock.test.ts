import { VirtualClock } from '../support/virtual-clock';

describe('the virtual clock of the unit tests', () => {
  it('moves time only as far as the sleeps ask, and takes sleeps side by side at once', async () => {
    const clock = new VirtualClock(0);
    const woken: Array<[string, number]> = [];
    const sleeper = async (name: string, ms: number) => {
      await clock.sleep(ms);
      woken.push([name, clock.now()]);
    };

    await Promise.all([sleeper('long', 3_000), sleeper('short', 1_000), sleeper('also short', 1_000)]);

    expect(woken).toEqual([
      ['short', 1_000],
      ['also short', 1_000],
      ['long', 3_000],
    ]);
    expect(clock.now()).toBe(3_000);
  });

  it('lets every piece of work that can run do so before time moves on', async () => {
    const clock = new VirtualClock(0);
    const seen: number[] = [];
    const busy = async () => {
      for (let step = 0; step < 50; step++) await Promise.resolve();
      seen.push(clock.now());
    };

    await Promise.all([clock.sleep(10).then(() => seen.push(clock.now())), busy()]);

    expect(seen).toEqual([0, 10]);
  });

  it('runs a scheduled action at its time, and runAll lets everything still to come happen', async () => {
    const clock = new VirtualClock(500);
    const done: number[] = [];
    clock.at(2_500, () => done.push(clock.now()));

    await clock.advance(1_000);
    expect(done).toEqual([]);
    await clock.runAll();

    expect(done).toEqual([2_500]);
    expect(clock.pending).toBe(0);
  });
});
