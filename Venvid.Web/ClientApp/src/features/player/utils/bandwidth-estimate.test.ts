import { beforeEach, describe, expect, it } from 'vitest';
import { loadBandwidthEstimate, saveBandwidthEstimate } from './bandwidth-estimate';

describe('bandwidth estimate', () => {
  beforeEach(() => localStorage.clear());

  it('is remembered for the next video', () => {
    saveBandwidthEstimate(6_543_210.7, 1_000);
    expect(loadBandwidthEstimate(2_000)).toBe(6_543_211);
  });

  it('is forgotten after a week, and never trusted from the future', () => {
    saveBandwidthEstimate(8_000_000, 1_000);
    expect(loadBandwidthEstimate(1_000 + 7 * 24 * 3600 * 1000 + 1)).toBeUndefined();
    expect(loadBandwidthEstimate(500)).toBeUndefined();
  });

  it('ignores nonsense, whether measured or stored', () => {
    saveBandwidthEstimate(Number.NaN, 1_000);
    saveBandwidthEstimate(50, 1_000);
    expect(loadBandwidthEstimate(2_000)).toBeUndefined();

    localStorage.setItem('venvid.bandwidth', '{not json');
    expect(loadBandwidthEstimate(2_000)).toBeUndefined();
    localStorage.setItem('venvid.bandwidth', JSON.stringify({ bps: '9000000', at: 1_000 }));
    expect(loadBandwidthEstimate(2_000)).toBeUndefined();
    localStorage.setItem('venvid.bandwidth', JSON.stringify({ bps: 5e12, at: 1_000 }));
    expect(loadBandwidthEstimate(2_000)).toBeUndefined();
  });
});
