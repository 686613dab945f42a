/** Entry point of the bundled language server (dist/server.js); `bplan lsp` loads it too. */
import { setFlagsFromString } from 'node:v8';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { parseTestFaults, startServer } from './server';

// V8 lets a heap grow to several times what is live before a full collection. A server holds one
// large tree for its whole life and each edit leaves garbage beside it (a new text, in large-object
// space that only a full collection frees): with a 10,000-workload plan open, peak RSS fell from ~260
// to ~210 MB at 10 % growth, for some ms per edit (docs/performance.md). V8 reads it each time it sets
// the next limit, so it applies when set here, after start (unlike the options in exec-argv.ts).
setFlagsFromString('--heap-growing-percent=10');

// BPLAN_TEST_FAULTS is for the tests only (see TestFaults in server.ts); unset, it injects nothing.
startServer(createConnection(ProposedFeatures.all), parseTestFaults(process.env.BPLAN_TEST_FAULTS));
