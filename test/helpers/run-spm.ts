/** Runs the built bin/spm the way a user does, in a working directory, with colour off. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '..', '..');
export const BIN = join(REPO, 'bin', 'spm');
export const SHARED_DATA = resolve(REPO, '..', 'shared', 'data');
export const hasSharedData = existsSync(SHARED_DATA);

export interface SpmRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function spm(args: string[], opts: { cwd: string; env?: Record<string, string> }): SpmRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', HOME: opts.cwd, NO_COLOR: '1', ...opts.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = 'spm-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Content hash of a database file and its WAL, to prove a failed command changed nothing. */
export function fileHash(path: string): string {
  const h = createHash('sha256');
  for (const p of [path, `${path}-wal`]) h.update(existsSync(p) ? readFileSync(p) : Buffer.alloc(0));
  return h.digest('hex');
}
