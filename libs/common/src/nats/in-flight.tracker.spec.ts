import { InFlightTracker } from './in-flight.tracker';

describe(InFlightTracker.name, () => {
  it('is idle at once when nothing runs', async () => {
    await expect(new InFlightTracker().idle(10)).resolves.toBe(true);
  });

  it('waits for the last message to finish', async () => {
    const sut = new InFlightTracker();
    sut.start();
    sut.start();
    const idle = sut.idle(5_000);
    sut.end();
    expect(sut.inFlight).toBe(1);
    sut.end();
    await expect(idle).resolves.toBe(true);
  });

  it('gives up after the timeout when a message never finishes', async () => {
    const sut = new InFlightTracker();
    sut.start();
    await expect(sut.idle(20)).resolves.toBe(false);
  });
});
