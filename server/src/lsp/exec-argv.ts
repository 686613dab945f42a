/**
 * Node options for the language server where its host starts node itself (the VS Code client, the
 * benchmark). They must be on node's command line: V8 sizes its young generation at start.
 *
 * A young generation of at most 4 MB a half (V8's default is 16): with a 10,000-workload plan open
 * and edited, peak RSS ~210 → ~190 MB, for edit → diagnostics ~50 → ~75 ms (docs/performance.md).
 * `bplan lsp`, started by other editors, runs without it (node is already running then).
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=4'];
