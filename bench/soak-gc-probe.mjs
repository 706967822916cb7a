// Loaded into the soak benchmark's server process only (node --expose-gc --import): on SIGUSR2 it
// runs a full garbage collection and appends the memory figures that follow to SOAK_PROBE_FILE,
// so the benchmark compares resident memory after GC rather than wherever the collector happens
// to be. Nothing of this is in the product's server.
import { appendFileSync } from 'node:fs';

const file = process.env.SOAK_PROBE_FILE;
if (file && typeof globalThis.gc === 'function') {
  process.on('SIGUSR2', () => {
    globalThis.gc();
    globalThis.gc();
    const m = process.memoryUsage();
    appendFileSync(file, `${JSON.stringify({ at: Date.now(), rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers })}\n`);
  });
}
