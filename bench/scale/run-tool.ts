/**
 * Runs `report-child.ts` as a child process, as a user runs the CLI, and returns its result
 * with the wall time from spawn to exit.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildInput, ChildResult } from './report-child.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');

/** A child's result and its wall time, spawn to exit (ms). */
export interface ToolRun extends ChildResult {
  wallMs: number;
  /** The end of the CLI's stderr (its error line when it failed). */
  stderrTail: string;
}

/**
 * Spawns the compiled child (`compileCli().child`) on plain node, waits for it (at most
 * `timeoutMs`, then kills it) and reads its result.
 */
export function runToolChild(childJs: string, input: ChildInput, timeoutMs = 20 * 60_000): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [childJs, JSON.stringify(input)], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr = (stderr + c.toString('utf8')).slice(-4000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const wallMs = performance.now() - t0;
      if (code !== 0) {
        reject(new Error(`report child exited with ${code ?? signal}:\n${stderr}`));
        return;
      }
      try {
        const result = JSON.parse(readFileSync(input.resultFile, 'utf8')) as ChildResult;
        resolve({ ...result, wallMs, stderrTail: stderr.slice(-500) });
      } catch (err) {
        reject(new Error(`report child left no result: ${String(err)}\n${stderr}`));
      }
    });
  });
}
