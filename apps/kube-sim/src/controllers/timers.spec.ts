import { MAX_TIME_SCALE, ScaledTimers } from './timers';

describe(ScaledTimers.name, () => {
  it('runs simulated time faster than the wall clock', async () => {
    const sut = new ScaledTimers(1000);
    const start = sut.now();
    const fired = vi.fn();
    sut.after(60_000, fired);
    await vi.waitFor(() => expect(fired).toHaveBeenCalledOnce());
    expect(sut.now() - start).toBeGreaterThanOrEqual(60_000);
  });

  it('re-arms pending timers when the scale changes, so a long wait already started speeds up', async () => {
    const sut = new ScaledTimers(1);
    const fired = vi.fn();
    sut.after(300_000, fired);
    sut.setScale(MAX_TIME_SCALE);
    await vi.waitFor(() => expect(fired).toHaveBeenCalledOnce());
  });

  it('never fires a cancelled timer', async () => {
    const sut = new ScaledTimers(MAX_TIME_SCALE);
    const cancelled = vi.fn();
    const kept = vi.fn();
    sut.after(10_000, cancelled).cancel();
    sut.after(20_000, kept);
    await vi.waitFor(() => expect(kept).toHaveBeenCalledOnce());
    expect(cancelled).not.toHaveBeenCalled();
  });

  it.each([0, -1, Number.NaN, MAX_TIME_SCALE + 1])('refuses the scale %s', (scale) => {
    expect(() => new ScaledTimers(1).setScale(scale)).toThrow(RangeError);
  });
});
