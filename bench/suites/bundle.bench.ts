/**
 * The weight of the citizens' pages (issue 7: ≤ 150 KB of JavaScript gzipped): builds the web
 * app (unless BENCH_NO_BUILD=1), then follows public.html's scripts and every chunk they import,
 * statically or lazily (the zh-TW converter is counted), and sums their gzipped sizes.
 * The database of the run is not used.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchContext, BenchSuite } from '../run.js';

const WEB = resolve(import.meta.dirname, '../../apps/web');
const DIST = join(WEB, 'dist');
const LIMIT_KB = 150;

/** Relative JS files a built chunk refers to: `from"./x.js"`, `import("./x.js")`, preload lists. */
function referencedChunks(code: string): string[] {
  return [...code.matchAll(/["'`](\.{1,2}\/[\w./-]+?\.js)["'`]/g)].map((m) => m[1] as string);
}

export function publicBundle(dist = DIST): { files: { file: string; gzipBytes: number; eager: boolean }[] } {
  const html = readFileSync(join(dist, 'public.html'), 'utf8');
  const entry = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="([^"]+\.js)"/g)].map((m) =>
    join(dist, (m[1] as string).replace(/^\//, '')),
  );
  const eager = new Set<string>(entry);
  const seen = new Map<string, boolean>();
  const queue: [string, boolean][] = entry.map((f) => [f, true]);
  while (queue.length) {
    const [file, isEager] = queue.shift() as [string, boolean];
    if (seen.has(file) && (seen.get(file) || !isEager)) continue;
    seen.set(file, isEager || eager.has(file));
    const code = readFileSync(file, 'utf8');
    for (const ref of referencedChunks(code)) {
      const target = resolve(dirname(file), ref);
      if (!existsSync(target)) continue;
      // `from"./x.js"` is loaded with the page; anything else (import("…"), preload lists) on demand.
      const isStatic = code.includes(`from"${ref}"`) || code.includes(`import"${ref}"`);
      queue.push([target, isEager && isStatic]);
    }
  }
  return {
    files: [...seen.entries()].map(([file, isEager]) => ({
      file: file.slice(dist.length + 1),
      gzipBytes: gzipSync(readFileSync(file), { level: 9 }).length,
      eager: isEager,
    })),
  };
}

const suite: BenchSuite = {
  name: 'bundle',
  async run(ctx: BenchContext) {
    if (process.env.BENCH_NO_BUILD !== '1') {
      ctx.log('building apps/web …');
      const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: WEB, stdio: ['ignore', 'ignore', 'inherit'] });
      if (r.status !== 0) throw new Error('vite build failed');
    }
    if (!existsSync(join(DIST, 'public.html'))) throw new Error('apps/web/dist/public.html is missing');
    const { files } = publicBundle();
    for (const f of files.sort((a, b) => b.gzipBytes - a.gzipBytes)) {
      ctx.log(`${f.eager ? 'page' : 'lazy'}  ${(f.gzipBytes / 1024).toFixed(1).padStart(6)} KB  ${f.file}`);
    }
    const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
    const total = files.reduce((s, f) => s + f.gzipBytes, 0);
    const eagerTotal = files.filter((f) => f.eager).reduce((s, f) => s + f.gzipBytes, 0);
    const forbidden = files.filter((f) => /antd|echarts|router|query/.test(f.file)).map((f) => f.file);
    return {
      public_js_gzip_kb: kb(total),
      public_js_first_load_gzip_kb: kb(eagerTotal),
      public_js_files: files.length,
      limit_kb: LIMIT_KB,
      within_limit: kb(total) <= LIMIT_KB && forbidden.length === 0,
    };
  },
};

export default suite;
