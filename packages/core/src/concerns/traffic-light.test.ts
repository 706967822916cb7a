import { describe, it, expect } from 'vitest';
import { timeUsedRatio, trafficLight, worstLight, type TrafficLight } from './traffic-light.js';

const start = new Date('2025-10-09T00:00:00.000Z');
const DAY = 86_400_000;
const due = new Date(start.getTime() + 10 * DAY); // a 10-day limit: 80% is exactly 8 days
const at = (ms: number) => new Date(start.getTime() + ms);

describe('R-LOOP-6 traffic light: green below 80%, yellow 80–100%, red overdue', () => {
  it.each<[string, Date, TrafficLight]>([
    ['before the start', at(-1), 'green'],
    ['at the start', at(0), 'green'],
    ['halfway', at(5 * DAY), 'green'],
    ['1 ms before 80%', at(8 * DAY - 1), 'green'],
    ['exactly 80%', at(8 * DAY), 'yellow'],
    ['1 ms after 80%', at(8 * DAY + 1), 'yellow'],
    ['1 ms before the deadline', at(10 * DAY - 1), 'yellow'],
    ['exactly 100% (the deadline itself)', at(10 * DAY), 'yellow'],
    ['1 ms after the deadline', at(10 * DAY + 1), 'red'],
    ['long overdue', at(40 * DAY), 'red'],
  ])('%s → %s', (_name, now, light) => {
    expect(trafficLight(start, due, now)).toBe(light);
  });

  it('80% is exact with limits that do not divide evenly (no float rounding)', () => {
    const s = new Date(0);
    const d = new Date(7); // 80% of 7 ms = 5.6 ms
    expect(trafficLight(s, d, new Date(5))).toBe('green');
    expect(trafficLight(s, d, new Date(6))).toBe('yellow');
    const d3 = new Date(1_000_000_003); // 80% = 800,000,002.4
    expect(trafficLight(s, d3, new Date(800_000_002))).toBe('green');
    expect(trafficLight(s, d3, new Date(800_000_003))).toBe('yellow');
  });

  it.each<[string, Date, TrafficLight]>([
    ['before a zero-length limit', at(-1), 'yellow'],
    ['at a zero-length limit', at(0), 'yellow'],
    ['after a zero-length limit', at(1), 'red'],
  ])('%s → %s', (_name, now, light) => {
    expect(trafficLight(start, start, now)).toBe(light);
  });

  it('time used, for display', () => {
    expect(timeUsedRatio(start, due, at(8 * DAY))).toBeCloseTo(0.8);
    expect(timeUsedRatio(start, due, at(-DAY))).toBe(0);
    expect(timeUsedRatio(start, due, at(15 * DAY))).toBeCloseTo(1.5);
    expect(timeUsedRatio(start, start, at(0))).toBe(1);
  });

  it.each<[TrafficLight[], TrafficLight | null]>([
    [[], null],
    [['green'], 'green'],
    [['green', 'yellow'], 'yellow'],
    [['yellow', 'red', 'green'], 'red'],
  ])('worst of %j is %s', (lights, worst) => {
    expect(worstLight(lights)).toBe(worst);
  });
});
