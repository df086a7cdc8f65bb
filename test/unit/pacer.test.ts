import { Pacer } from '../../lib/calls/pacer';

function clock() {
  let time = 0;
  const waits: number[] = [];
  return {
    now: () => time,
    sleep: async (ms: number) => {
      waits.push(ms);
      time += ms;
    },
    waits,
  };
}

describe('Pacer', () => {
  it("lets one second's worth of calls through at once, then spaces the rest at the rate", async () => {
    const time = clock();
    const pacer = new Pacer(300, time.now, time.sleep);

    for (let call = 0; call < 8; call++) await pacer.acquire();

    // 300 a minute: 5 at once, then one every 200 ms.
    expect(time.waits).toEqual([200, 200, 200]);
    expect(time.now()).toBe(600);
  });

  it('keeps a long run at the rate: n calls take (n - burst) intervals', async () => {
    const time = clock();
    const pacer = new Pacer(600, time.now, time.sleep);

    for (let call = 0; call < 610; call++) await pacer.acquire();

    expect(time.now()).toBe((610 - 10) * 100);
  });

  it('halves the pace on throttling and wins it back with successes', async () => {
    const time = clock();
    const pacer = new Pacer(600, time.now, time.sleep);

    pacer.throttled();
    pacer.throttled();
    expect(pacer.callsPerMinute).toBe(150);
    for (let success = 0; success < 10; success++) pacer.succeeded();
    expect(pacer.callsPerMinute).toBe(270);
    for (let success = 0; success < 100; success++) pacer.succeeded();
    expect(pacer.callsPerMinute).toBe(600);
  });

  it('never drops below a sixteenth of the configured pace', () => {
    const time = clock();
    const pacer = new Pacer(320, time.now, time.sleep);

    for (let throttle = 0; throttle < 20; throttle++) pacer.throttled();

    expect(pacer.callsPerMinute).toBe(20);
  });

  it('takes no turn and waits not at all when the turn would come later than the caller can wait', async () => {
    const time = clock();
    const pacer = new Pacer(60, time.now, time.sleep);
    await pacer.acquire();

    expect(await pacer.acquireWithin(999)).toBe(false);
    expect(time.waits).toEqual([]);
    expect(await pacer.acquireWithin(1000)).toBe(true);
    expect(time.waits).toEqual([1000]);
    expect(pacer.waitMs()).toBe(1000);
  });

  it('says how long the next call would wait', async () => {
    const time = clock();
    const pacer = new Pacer(60, time.now, time.sleep);

    expect(pacer.waitMs()).toBe(0);
    await pacer.acquire();
    expect(pacer.waitMs()).toBe(1000);
  });
});
