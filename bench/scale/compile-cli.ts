/**
 * Compiles `src/` to plain JavaScript for the benchmark's child processes, file by file with
 * TypeScript's `transpileModule` (no type check: a few seconds, and other work in progress
 * with type errors still compiles). The child then loads JavaScript as `dist/` would, so the
 * tool's wall time does not include tsx transpiling ~370 files on every run.
 *
 * The output lies in the repository's ignored `tmp/`: inside the package, so `packageRoot()`
 * finds the SQL files and assets and bare imports resolve from `node_modules`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The compiled CLI entry and the compiled child that runs it. */
export interface CompiledCli {
  main: string;
  child: string;
}

/**
 * Transpiles every `src/**\/*.ts` changed since the last call into `<root>/tmp/bench-dist`,
 * and the benchmark's child script beside it, so the child runs on plain node.
 */
export function compileCli(root = ROOT): CompiledCli {
  const src = join(root, 'src');
  const out = join(root, 'tmp', 'bench-dist');
  const compilerOptions: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    // ESM output, as `dist/` is under `"type": "module"` (NodeNext alone would guess CommonJS here).
    module: ts.ModuleKind.ES2022,
    esModuleInterop: true,
    resolveJsonModule: true,
    verbatimModuleSyntax: true,
    sourceMap: false,
    declaration: false,
  };
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((rel) => ({ fileName: join(src, rel), target: join(out, rel.replace(/\.ts$/, '.js')) }));
  const child = join(out, '_bench', 'report-child.js');
  files.push({ fileName: join(root, 'bench', 'scale', 'report-child.ts'), target: child });
  for (const { fileName, target } of files) {
    // Files unchanged since the last compile are kept: re-runs cost a directory walk.
    if (existsSync(target) && statSync(target).mtimeMs >= statSync(fileName).mtimeMs) continue;
    const { outputText } = ts.transpileModule(readFileSync(fileName, 'utf8'), { compilerOptions, fileName });
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  return { main: join(out, 'cli', 'main.js'), child };
}
