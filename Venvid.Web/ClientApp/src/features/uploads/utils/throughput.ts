type Sample = { at: number; bytes: number };

export type Throughput = { bytesPerSecond: number; secondsLeft: number };

/** Speed over a sliding window (default 5 s), so one slow or fast part does not swing the estimate. */
export class ThroughputMeter {
  private samples: Sample[] = [];

  constructor(private readonly windowMs = 5000) {}

  reset(): void {
    this.samples = [];
  }

  record(at: number, totalBytes: number): void {
    this.samples.push({ at, bytes: totalBytes });
    const cutoff = at - this.windowMs;
    while (this.samples.length > 2 && (this.samples[1]?.at ?? at) <= cutoff) this.samples.shift();
  }

  estimate(totalSize: number): Throughput {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.at <= first.at) return { bytesPerSecond: 0, secondsLeft: Number.POSITIVE_INFINITY };
    const bytesPerSecond = ((last.bytes - first.bytes) * 1000) / (last.at - first.at);
    const left = Math.max(0, totalSize - last.bytes);
    return {
      bytesPerSecond,
      secondsLeft: bytesPerSecond > 0 ? left / bytesPerSecond : Number.POSITIVE_INFINITY,
    };
  }
}
