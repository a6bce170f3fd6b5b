// Entry of the harness simulation worker: a worker thread does not share the main thread's
// TypeScript loader, so it loads the TypeScript entry through tsx itself.
import { tsImport } from 'tsx/esm/api';

await tsImport('./simulation-worker.ts', import.meta.url);
