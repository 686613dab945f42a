/** Entry point of the bundled language server (dist/server.js); `bplan lsp` loads it too. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all));
