import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from '@gridvoice/db';

const ROOT = resolve(import.meta.dirname, '../../..');

describe('embedded engine: one process per data directory', () => {
  it('refuses a second holder while the first lives, and takes over a dead one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gv-lock-'));
    const release = acquireDataDirLock(dir);
    const child = spawn(process.execPath, ['-e', `
      import('${join(ROOT, 'node_modules/tsx/dist/esm/api/index.mjs')}').then(async ({ tsImport }) => {
        const m = await tsImport('${join(ROOT, 'packages/db/src/data-dir-lock.ts')}', import.meta.url);
        try { m.acquireDataDirLock('${dir}'); console.log('acquired'); } catch (e) { console.log(e.name); }
      });`], { stdio: ['ignore', 'pipe', 'inherit'] });
    return new Promise<void>((done, fail) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('exit', () => {
        try {
          expect(out.trim()).toBe('DataDirLockedError');
          release();
          const again = acquireDataDirLock(dir);
          again();
          rmSync(dir, { recursive: true, force: true });
          done();
        } catch (e) {
          fail(e instanceof Error ? e : new Error(String(e)));
        }
      });
    });
  });

  it('names the holder in Chinese', () => {
    const e = new DataDirLockedError('/d', 42);
    expect(e.message).toContain('PID 42');
    expect(e.message).toContain('数据目录');
  });
});
