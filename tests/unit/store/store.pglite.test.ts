import { afterAll } from 'vitest';
import { storeContract } from '../../integration/store/store.contract.js';
import { pgliteFactory } from './pglite-harness.js';

// The shared store contract on embedded PGlite (no server needed).
const factory = pgliteFactory();
afterAll(() => factory.cleanup());
storeContract({ kind: 'pglite', open: factory.open, openEmptyDb: factory.openEmptyDb });
