/**
 * A `loadlens worker` child for the chaos tests, bundled from the TypeScript sources by the
 * test (no `npm run build` needed). Its settings come from the environment, as in production.
 */
import { main } from '../../src/cli/main.js';

process.exitCode = await main(['worker']);
