import { describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.js';

/** A fake store: batches and singles it was asked to write; items named 'bad' are refused. */
function fakeStore(gate: () => Promise<void> = () => Promise.resolve()) {
  const calls: string[][] = [];
  const write = async (items: string[]) => {
    calls.push(items);
    await gate();
    if (items.includes('bad')) throw new Error('refused');
    return items.map((i) => `ok:${i}`);
  };
  return { calls, runBatch: write, runOne: async (i: string) => (await write([i]))[0] as string };
}

describe('group commit', () => {
  it('a lone write goes at once, alone', async () => {
    const s = fakeStore();
    const gc = createGroupCommit({ ...s, maxBatch: 10, maxInFlight: 2 });
    expect(await gc.submit('a')).toBe('ok:a');
    expect(s.calls).toEqual([['a']]);
    expect(gc.stats()).toMatchObject({ singles: 1, batches: 0 });
  });

  it('writes arriving while every slot is busy go together, each caller getting its own result', async () => {
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    let n = 0;
    const s = fakeStore(() => (n++ === 0 ? first : Promise.resolve()));
    const gc = createGroupCommit({ ...s, maxBatch: 3, maxInFlight: 1 });
    const all = Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((x) => gc.submit(x)));
    release();
    expect(await all).toEqual(['ok:a', 'ok:b', 'ok:c', 'ok:d', 'ok:e', 'ok:f']);
    // a alone; then at most maxBatch per statement, in arrival order
    expect(s.calls).toEqual([['a'], ['b', 'c', 'd'], ['e', 'f']]);
    expect(gc.stats()).toMatchObject({ singles: 1, batches: 2, largest: 3, fallbacks: 0 });
  });

  it('never runs more than maxInFlight statements at once', async () => {
    let running = 0;
    let peak = 0;
    const s = fakeStore(async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 2));
      running--;
    });
    const gc = createGroupCommit({ ...s, maxBatch: 4, maxInFlight: 2 });
    await Promise.all(Array.from({ length: 40 }, (_, i) => gc.submit(`x${i}`)));
    expect(peak).toBe(2);
  });

  it('a failing batch is retried item by item: only the bad item fails', async () => {
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    let n = 0;
    const s = fakeStore(() => (n++ === 0 ? first : Promise.resolve()));
    const gc = createGroupCommit({ ...s, maxBatch: 10, maxInFlight: 1 });
    const settled = Promise.allSettled(['a', 'b', 'bad', 'c'].map((x) => gc.submit(x)));
    release();
    const out = await settled;
    expect(out.map((o) => (o.status === 'fulfilled' ? o.value : 'failed'))).toEqual(['ok:a', 'ok:b', 'failed', 'ok:c']);
    expect(s.calls).toEqual([['a'], ['b', 'bad', 'c'], ['b'], ['bad'], ['c']]);
    expect(gc.stats()).toMatchObject({ fallbacks: 1 });
  });

  it('refuses a batch answering with the wrong number of results (each item is then written alone)', async () => {
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    const gc = createGroupCommit<string, string>({
      runBatch: async (items) => items.slice(1),
      runOne: async (i) => {
        if (i === 'a') await first;
        return `one:${i}`;
      },
      maxBatch: 10,
      maxInFlight: 1,
    });
    const a = gc.submit('a');
    const rest = Promise.all(['b', 'c'].map((x) => gc.submit(x)));
    release();
    expect(await a).toBe('one:a');
    expect(await rest).toEqual(['one:b', 'one:c']);
  });
});

describe('group commit gathering a whole event-loop turn (engines that run statements synchronously)', () => {
  it('writes submitted in the same turn go in one statement, even with a free slot', async () => {
    const s = fakeStore();
    const gc = createGroupCommit({ ...s, maxBatch: 10, maxInFlight: 1, gatherTurn: true });
    const out = await Promise.all(['a', 'b', 'c'].map((x) => gc.submit(x)));
    expect(out).toEqual(['ok:a', 'ok:b', 'ok:c']);
    expect(s.calls).toEqual([['a', 'b', 'c']]);
    // a later turn starts a new statement
    expect(await gc.submit('d')).toBe('ok:d');
    expect(s.calls).toEqual([['a', 'b', 'c'], ['d']]);
  });
});
