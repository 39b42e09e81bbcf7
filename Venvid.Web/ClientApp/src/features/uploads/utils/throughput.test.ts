import { describe, expect, it } from 'vitest';
import { ThroughputMeter } from './throughput';

describe('throughput', () => {
  it('estimates speed and time left over the window', () => {
    const meter = new ThroughputMeter(5000);
    meter.record(0, 0);
    meter.record(1000, 1_000_000);
    meter.record(2000, 2_000_000);
    const { bytesPerSecond, secondsLeft } = meter.estimate(10_000_000);
    expect(bytesPerSecond).toBe(1_000_000);
    expect(secondsLeft).toBe(8);
  });

  it('forgets samples older than the window', () => {
    const meter = new ThroughputMeter(1000);
    meter.record(0, 0);
    meter.record(1000, 10_000_000);
    meter.record(5000, 11_000_000);
    meter.record(6000, 12_000_000);
    expect(meter.estimate(20_000_000).bytesPerSecond).toBe(1_000_000);
  });

  it('has no estimate before two samples', () => {
    const meter = new ThroughputMeter();
    meter.record(0, 0);
    expect(meter.estimate(100).secondsLeft).toBe(Number.POSITIVE_INFINITY);
  });
});
