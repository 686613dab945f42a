/**
 * Which open YAML file the client treats as a plan for its own UI (status bar, estimate report).
 * The server decides what it lints with the same three tests (server/src/lsp/settings.ts
 * `isPlanDocument`): the name *.bplan.yaml / *.bplan.yml, the `bplan.files` globs, or `bplan:` as the
 * first key. Pure; the glob test is passed in, since VS Code matches globs for the client.
 */
const PLAN_NAME = /\.bplan\.ya?ml$/i;
const FIRST_KEY_BPLAN = /^(?:\uFEFF)?(?:[ \t]*(?:#.*)?\r?\n)*(?:---[ \t]*\r?\n)?bplan[ \t]*:/;

export function isPlanFile(path: string, text: string, matchesFilesSetting: () => boolean): boolean {
  return PLAN_NAME.test(path) || FIRST_KEY_BPLAN.test(text.slice(0, 4096)) || matchesFilesSetting();
}

/** A `bplan.files` glob as the server applies it: one without a slash matches at any depth. */
export function globPattern(glob: string): string {
  return glob.includes('/') ? glob : `**/${glob}`;
}
