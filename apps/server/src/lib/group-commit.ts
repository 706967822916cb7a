/**
 * Group commit: concurrent writes of one kind are gathered into one statement (one round trip,
 * one commit) while each caller still waits for — and gets — its own result.
 *
 * Up to `maxInFlight` batches run at once. A write arriving while a slot is free goes at once,
 * alone (no added latency when the server is quiet); writes arriving while every slot is busy
 * queue, and the next free slot takes up to `maxBatch` of them together. A batch is all or
 * nothing (`runBatch`); when it fails, each of its writes is tried again on its own (`runOne`),
 * so one bad write fails only its own caller. See docs/decisions/0005-group-commit.md.
 */
export interface GroupCommitOptions<I, O> {
  /** Writes all items in one atomic unit; returns one result per item, in order. */
  runBatch(items: I[]): Promise<O[]>;
  /** Writes one item on its own. */
  runOne(item: I): Promise<O>;
  maxBatch: number;
  maxInFlight: number;
  /**
   * Wait for the end of the current event-loop turn before starting a statement, so that every
   * write that arrived in the same turn goes with it. For engines that run a statement
   * synchronously on this thread (PGlite): there, nothing else arrives while one runs.
   */
  gatherTurn?: boolean;
}

export interface GroupCommitStats {
  /** statements that carried more than one item */
  batches: number;
  /** items written alone (quiet server, or a lone item) */
  singles: number;
  /** batches that failed and were retried item by item */
  fallbacks: number;
  largest: number;
}

export interface GroupCommit<I, O> {
  submit(item: I): Promise<O>;
  stats(): GroupCommitStats;
}

interface Waiting<I, O> {
  item: I;
  resolve(o: O): void;
  reject(e: unknown): void;
}

export function createGroupCommit<I, O>(options: GroupCommitOptions<I, O>): GroupCommit<I, O> {
  if (options.maxBatch < 1 || options.maxInFlight < 1) throw new Error('group commit: maxBatch and maxInFlight ≥ 1');
  const queue: Waiting<I, O>[] = [];
  let inFlight = 0;
  const stats: GroupCommitStats = { batches: 0, singles: 0, fallbacks: 0, largest: 0 };

  async function one(w: Waiting<I, O>): Promise<void> {
    try {
      w.resolve(await options.runOne(w.item));
    } catch (err) {
      w.reject(err);
    }
  }

  async function run(batch: Waiting<I, O>[]): Promise<void> {
    if (batch.length === 1) {
      stats.singles += 1;
      return one(batch[0] as Waiting<I, O>);
    }
    stats.batches += 1;
    stats.largest = Math.max(stats.largest, batch.length);
    let out: O[];
    try {
      out = await options.runBatch(batch.map((w) => w.item));
      if (out.length !== batch.length) throw new Error(`group commit: ${out.length} results for ${batch.length} items`);
    } catch {
      // Nothing of the batch was written: each item again on its own, so that only a bad one fails.
      stats.fallbacks += 1;
      await Promise.all(batch.map(one));
      return;
    }
    batch.forEach((w, i) => w.resolve(out[i] as O));
  }

  let scheduled = false;
  function pump(): void {
    if (options.gatherTurn && !scheduled && inFlight < options.maxInFlight && queue.length > 0) {
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        dispatch();
      });
      return;
    }
    if (!options.gatherTurn) dispatch();
  }

  function dispatch(): void {
    while (inFlight < options.maxInFlight && queue.length > 0) {
      const batch = queue.splice(0, options.maxBatch);
      inFlight += 1;
      void run(batch).finally(() => {
        inFlight -= 1;
        pump();
      });
    }
  }

  return {
    submit(item) {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        pump();
      });
    },
    stats: () => ({ ...stats }),
  };
}
