/**
 * The traffic light on every open concern (R-LOOP-6): green below 80% of the time limit used,
 * yellow from 80% up to and including 100%, red once the limit has passed. Pure: `now` is passed in.
 */
export const TRAFFIC_LIGHTS = ['green', 'yellow', 'red'] as const;
export type TrafficLight = (typeof TRAFFIC_LIGHTS)[number];

export const TRAFFIC_LIGHT_LABELS: Record<TrafficLight, string> = {
  green: '正常',
  yellow: '临期',
  red: '超期',
};

/** Share of the limit at which the light turns yellow, as a fraction num/den (exact, no floats). */
export const YELLOW_FROM = { num: 4, den: 5 } as const;

/**
 * - red: `now` is after `dueAt`;
 * - yellow: at least 80% of [startedAt, dueAt] has elapsed (exactly 80% and exactly `dueAt` are yellow);
 * - green: otherwise (also before `startedAt`).
 * A limit of zero length is yellow until it passes.
 */
export function trafficLight(startedAt: Date, dueAt: Date, now: Date): TrafficLight {
  const start = startedAt.getTime();
  const due = dueAt.getTime();
  const t = now.getTime();
  if (t > due) return 'red';
  const total = due - start;
  if (total <= 0) return 'yellow';
  const elapsed = t - start;
  return elapsed * YELLOW_FROM.den >= total * YELLOW_FROM.num ? 'yellow' : 'green';
}

/** Share of the limit used, for display (may exceed 1 when overdue; 0 before the start). */
export function timeUsedRatio(startedAt: Date, dueAt: Date, now: Date): number {
  const total = dueAt.getTime() - startedAt.getTime();
  const elapsed = now.getTime() - startedAt.getTime();
  if (total <= 0) return elapsed >= 0 ? 1 : 0;
  return Math.max(0, elapsed / total);
}

const SEVERITY: Record<TrafficLight, number> = { green: 0, yellow: 1, red: 2 };

/** The most urgent of several lights (e.g. of all units on one concern); null for none. */
export function worstLight(lights: readonly TrafficLight[]): TrafficLight | null {
  let worst: TrafficLight | null = null;
  for (const l of lights) if (worst === null || SEVERITY[l] > SEVERITY[worst]) worst = l;
  return worst;
}
