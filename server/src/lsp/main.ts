/** Entry point of the bundled language server (dist/server.js); `bplan lsp` loads it too. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { parseTestFaults, startServer } from './server';

// BPLAN_TEST_FAULTS is for the tests only (see TestFaults in server.ts); unset, it injects nothing.
startServer(createConnection(ProposedFeatures.all), parseTestFaults(process.env.BPLAN_TEST_FAULTS));
