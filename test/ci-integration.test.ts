/**
 * bplan in CI: the GitHub Action (action.yml), the pre-commit hook (.pre-commit-hooks.yaml) and the
 * VS Code problem matcher (package.json `contributes.problemMatchers`). The files are read as the
 * tools read them; the action's lint step runs here as GitHub runs it (bash -eo pipefail, its env
 * with the inputs substituted, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files); the matcher's regular
 * expression is applied to real `bplan lint` output.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { BIN, bplan, fixture, makeTmp, parseJsonReport, parseSarif, ROOT, SAMPLES } from './support/cli';
import type { JsonFinding } from './support/cli';

interface Step {
  readonly id?: string;
  readonly name?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly shell?: string;
  readonly run?: string;
  readonly env?: Record<string, string>;
  readonly with?: Record<string, string>;
}

interface Action {
  readonly name: string;
  readonly description: string;
  readonly inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  readonly outputs: Record<string, { description: string; value: string }>;
  readonly runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;
const step = (id: string): Step => {
  const found = action.runs.steps.find((s) => s.id === id);
  assert.ok(found, `action.yml has no step with id ${id}`);
  return found;
};

describe('action.yml', () => {
  it('is a composite action with the documented inputs and defaults', () => {
    assert.equal(action.runs.using, 'composite');
    assert.deepEqual(
      Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, input.default])),
      { paths: '.', config: '', 'fail-on': 'error', baseline: '', sarif: 'true', version: '' },
    );
    for (const [name, input] of Object.entries(action.inputs)) {
      assert.equal(input.required, false, name);
      assert.ok(input.description.length > 20, name);
    }
    assert.deepEqual(Object.keys(action.outputs), ['exit-code', 'sarif-file']);
    assert.equal(action.outputs['exit-code']!.value, '${{ steps.lint.outputs.exit-code }}');
  });

  it('installs bplan, lints, uploads the SARIF whatever happened, then exits with the lint exit code', () => {
    assert.deepEqual(
      action.runs.steps.map((s) => s.id ?? s.uses),
      ['install', 'lint', 'github/codeql-action/upload-sarif@v3', 'exit'],
    );
    const install = step('install').run!;
    assert.match(install, /npm install --prefix "\$dir" .*"bplan@\$BPLAN_VERSION"/);
    assert.match(install, /cd "\$GITHUB_ACTION_PATH"\n\s*npm ci --ignore-scripts .*\n\s*node scripts\/build\.mjs --only cli,worker,server/);
    assert.match(step('lint').run!, /args=\(lint --format github --format sarif --output-file "\$SARIF_FILE" --fail-on "\$INPUT_FAIL_ON"\)/);
    assert.match(step('lint').run!, /node "\$BPLAN" "\$\{args\[@\]\}" -- "\$\{paths\[@\]\}"/);

    const upload = action.runs.steps[2]!;
    assert.match(upload.if!, /^always\(\) && /);
    assert.match(upload.if!, /inputs\.sarif == 'true'/);
    assert.equal(upload.with?.sarif_file, '${{ steps.lint.outputs.sarif-file }}');
    assert.equal(upload.with?.category, 'bplan');

    const exit = step('exit');
    assert.match(exit.if!, /^always\(\) && steps\.lint\.outcome == 'success'$/);
    assert.equal(exit.env?.EXIT_CODE, '${{ steps.lint.outputs.exit-code }}');
  });

  it('passes inputs to its scripts as environment variables, never as ${{ }} inside a script', () => {
    for (const s of action.runs.steps) {
      if (s.run !== undefined) {
        assert.equal(s.shell, 'bash', s.id);
        assert.doesNotMatch(s.run, /\$\{\{/, `step ${s.id} splices an expression into its script`);
      }
    }
    assert.equal(step('lint').env?.INPUT_PATHS, '${{ inputs.paths }}');
    assert.equal(step('install').env?.BPLAN_VERSION, '${{ inputs.version }}');
  });
});

describe("the action's lint step, run as GitHub runs it", () => {
  const tmp = makeTmp('bplan-action-test-');
  after(() => tmp.cleanup());
  const repo = join(tmp.dir, 'repo');
  const runnerTemp = join(tmp.dir, 'runner-temp');

  before(() => {
    // A repository with two clean plans and a broken one, in a folder.
    mkdirSync(join(repo, 'plans'), { recursive: true });
    mkdirSync(runnerTemp);
    copyFileSync(join(SAMPLES, 'mars-file-server.bplan.yaml'), join(repo, 'plans', 'office.bplan.yaml'));
    copyFileSync(join(SAMPLES, 'azure-vm-backup.bplan.yaml'), join(repo, 'plans', 'vms.bplan.yml'));
    copyFileSync(fixture('errors.bplan.yaml'), join(repo, 'plans', 'broken.bplan.yaml'));
  });

  /** Substitutes the expressions of an env value: inputs, the install step's output, runner.temp. */
  function evaluate(value: string, inputs: Record<string, string>): string {
    return value.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expression: string) => {
      const input = /^inputs\.([\w-]+)$/.exec(expression);
      if (input) {
        assert.ok(input[1]! in action.inputs, `unknown input ${input[1]}`);
        return inputs[input[1]!] ?? action.inputs[input[1]!]!.default ?? '';
      }
      if (expression === 'steps.install.outputs.bin') return BIN;
      if (expression === 'runner.temp') return runnerTemp;
      throw new Error(`the test cannot evaluate \${{ ${expression} }}`);
    });
  }

  let runs = 0;
  /** Runs the lint step with these inputs; returns its exit code, output, step outputs and job summary. */
  function lintStep(inputs: Record<string, string>) {
    const s = step('lint');
    const dir = join(tmp.dir, `run-${runs++}`);
    mkdirSync(dir);
    const files = { output: join(dir, 'output'), summary: join(dir, 'summary.md'), script: join(dir, 'step.sh') };
    writeFileSync(files.output, '');
    writeFileSync(files.summary, '');
    writeFileSync(files.script, s.run!);
    const env: NodeJS.ProcessEnv = {
      PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
      HOME: process.env.HOME,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: repo,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      RUNNER_TEMP: runnerTemp,
    };
    for (const [name, value] of Object.entries(s.env ?? {})) env[name] = evaluate(value, inputs);
    // GitHub's `shell: bash`: bash --noprofile --norc -eo pipefail {0}
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', files.script], { cwd: repo, env, encoding: 'utf8', timeout: 60_000 });
    if (result.error) throw result.error;
    const outputs = Object.fromEntries(
      readFileSync(files.output, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, outputs, summary: readFileSync(files.summary, 'utf8') };
  }

  it('with the defaults: annotations, a job summary and SARIF for every plan; exit code 1 kept for the last step', () => {
    const run = lintStep({});
    assert.equal(run.status, 0, `the step itself must not fail:\n${run.stderr}`);
    assert.equal(run.outputs['exit-code'], '1');
    assert.match(run.stdout, /^::error file=plans\/broken\.bplan\.yaml,line=6,endLine=6,col=9,endColumn=19,title=vault-name::vault name "1bad_vault" /m);
    assert.match(run.summary, /^## bplan lint$/m);
    assert.match(run.summary, /in 3 files\./);

    const sarifFile = run.outputs['sarif-file'];
    assert.equal(sarifFile, join(runnerTemp, 'bplan.sarif'));
    const sarif = parseSarif(readFileSync(sarifFile!, 'utf8'));
    const uris = new Set(sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri));
    assert.deepEqual([...uris], ['plans/broken.bplan.yaml']);
    assert.ok(sarif.runs[0]!.results.some((r) => r.ruleId === 'vault-name' && r.locations[0]!.physicalLocation.region.startLine === 6));

    // The last step gives bplan's exit code back.
    const exit = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step('exit').run!], { env: { EXIT_CODE: run.outputs['exit-code'] } });
    assert.equal(exit.status, 1);
  });

  it('lints the paths given, split on spaces and new lines, globs unexpanded by the shell', () => {
    // Bash (without globstar) would expand more/**/*.bplan.yaml to more/nested/deep.bplan.yaml alone.
    mkdirSync(join(repo, 'more', 'nested'), { recursive: true });
    copyFileSync(join(SAMPLES, 'dpm-2012-r2-onprem.bplan.yaml'), join(repo, 'more', 'top.bplan.yaml'));
    copyFileSync(join(SAMPLES, 'mabs-v3-modern-storage.bplan.yaml'), join(repo, 'more', 'nested', 'deep.bplan.yaml'));
    const run = lintStep({ paths: 'plans/office.bplan.yaml\n  more/**/*.bplan.yaml', 'fail-on': 'warning' });
    assert.equal(run.outputs['exit-code'], '0', run.stdout + run.stderr);
    assert.doesNotMatch(run.stdout, /broken/);
    assert.match(run.summary, /No problems in 3 files\./);
    const sarif = parseSarif(readFileSync(run.outputs['sarif-file']!, 'utf8'));
    assert.equal(sarif.runs[0]!.results.length, 0);
  });

  it('fails on warnings with fail-on: warning, and never with fail-on: never', () => {
    writeFileSync(join(repo, 'bplan.config.yaml'), 'rules:\n  vault-name: warning\n  duplicate-name: warning\n  unknown-reference: warning\n  online-frequency: warning\n');
    try {
      assert.equal(lintStep({ paths: 'plans/broken.bplan.yaml' }).outputs['exit-code'], '0');
      const warning = lintStep({ paths: 'plans/broken.bplan.yaml', 'fail-on': 'warning' });
      assert.equal(warning.outputs['exit-code'], '1');
      assert.match(warning.stdout, /^::warning file=plans\/broken\.bplan\.yaml,line=6,.*title=vault-name::/m);
      assert.equal(lintStep({ paths: 'plans/broken.bplan.yaml', 'fail-on': 'never' }).outputs['exit-code'], '0');
    } finally {
      writeFileSync(join(repo, 'bplan.config.yaml'), '{}\n');
    }
  });

  it('uses the config input instead of the nearest bplan.config.yaml', () => {
    writeFileSync(join(repo, 'relaxed.yaml'), 'rules:\n  vault-name: "off"\n');
    const run = lintStep({ paths: 'plans/broken.bplan.yaml', config: 'relaxed.yaml' });
    assert.equal(run.outputs['exit-code'], '1');
    assert.doesNotMatch(run.stdout, /title=vault-name/);
    assert.match(run.stdout, /title=duplicate-name/);
  });

  it('reports only findings not in the baseline input', () => {
    const written = bplan(['lint', '--write-baseline', 'bplan-baseline.json', 'plans'], { cwd: repo });
    assert.ok(existsSync(join(repo, 'bplan-baseline.json')), written.stderr);
    const run = lintStep({ baseline: 'bplan-baseline.json' });
    assert.equal(run.outputs['exit-code'], '0', run.stdout + run.stderr);
    assert.doesNotMatch(run.stdout, /^::error /m);
    assert.match(run.summary, /matched the baseline `bplan-baseline\.json`/);
  });

  it('keeps exit code 2 for a usage error, and then has no SARIF to upload', () => {
    const run = lintStep({ config: 'missing.yaml' });
    assert.equal(run.status, 0);
    assert.equal(run.outputs['exit-code'], '2');
    assert.equal(run.outputs['sarif-file'], undefined);
    assert.match(run.stderr, /^bplan: cannot read the configuration missing\.yaml/m);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Record<string, unknown>[];

  it('offers bplan-lint: a node hook running `bplan lint` on the staged plans', () => {
    assert.equal(hooks.length, 1);
    const { id, name, entry, language, files, pass_filenames, require_serial } = hooks[0]!;
    assert.deepEqual({ id, name, entry, language, pass_filenames, require_serial }, {
      id: 'bplan-lint',
      name: 'bplan lint',
      entry: 'bplan lint',
      language: 'node',
      pass_filenames: true,
      require_serial: false,
    });
    // pre-commit matches `files` with Python's re.search; this pattern means the same in JavaScript.
    const pattern = new RegExp(files as string);
    for (const path of ['a.bplan.yaml', 'b.bplan.yml', 'plans/site/c.bplan.yaml']) assert.ok(pattern.test(path), path);
    for (const path of ['c.yaml', 'bplan.config.yaml', 'd.bplan.yaml.bak', 'e.bplanxyaml', 'f.bplan.json']) assert.ok(!pattern.test(path), path);
  });

  it('names a bin the package provides, which lints the files passed to it', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    const [command, ...args] = (hooks[0]!.entry as string).split(' ');
    assert.ok(manifest.bin[command!], `package.json has no bin "${command}"`);
    const result = bplan([...args, fixture('errors.bplan.yaml'), join(SAMPLES, 'mars-file-server.bplan.yaml')]);
    assert.equal(result.status, 1);
    assert.match(result.stdout, /in 2 files/);
  });
});

describe('the problem matcher for VS Code tasks', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const matchers = manifest.contributes.problemMatchers as {
    name: string;
    owner: string;
    fileLocation: string[];
    pattern: { regexp: string; file: number; line: number; column: number; severity: number; message: number; code: number };
  }[];
  const tmp = makeTmp('bplan-matcher-test-');
  after(() => tmp.cleanup());

  it('is contributed as $bplan, owned by bplan, with paths relative to the workspace folder', () => {
    assert.deepEqual(
      matchers.map(({ name, owner, fileLocation }) => ({ name, owner, fileLocation })),
      [{ name: 'bplan', owner: 'bplan', fileLocation: ['relative', '${workspaceFolder}'] }],
    );
  });

  /** What VS Code reads from each line of the output: only matching lines make problems. */
  function problems(stdout: string) {
    const { pattern } = matchers[0]!;
    const regexp = new RegExp(pattern.regexp);
    return stdout.split('\n').flatMap((line) => {
      const m = regexp.exec(line);
      return m ? [{ file: m[pattern.file]!, line: Number(m[pattern.line]), column: Number(m[pattern.column]), severity: m[pattern.severity]!, message: m[pattern.message]!, code: m[pattern.code]! }] : [];
    });
  }

  it('reads every finding of the stylish output, as the JSON report gives it, and no code frame or related line', () => {
    // Plans with code frames, related locations, a masked secret and YAML errors; one under a path with a space and a colon.
    mkdirSync(join(tmp.dir, 'my plans'));
    copyFileSync(fixture('errors.bplan.yaml'), join(tmp.dir, 'my plans', 'site:a.bplan.yaml'));
    for (const name of ['many-findings.bplan.yaml', 'secret.bplan.yaml', 'yaml-syntax.bplan.yaml']) copyFileSync(fixture(name), join(tmp.dir, name));
    const json = parseJsonReport(bplan(['lint', '--format', 'json', '.'], { cwd: tmp.dir }).stdout);
    const expected = json.files.flatMap(({ file, findings }) =>
      findings.map((f: JsonFinding) => ({ file, line: f.line, column: f.column, severity: f.severity, message: f.message, code: f.ruleId })),
    );
    assert.ok(expected.length >= 15, `${expected.length} findings`);
    assert.ok(expected.some((p) => p.file === 'my plans/site:a.bplan.yaml'));

    const stylish = bplan(['lint', '.'], { cwd: tmp.dir });
    assert.equal(stylish.status, 1);
    // The output has code frames and related locations the matcher must pass over.
    assert.match(stylish.stdout, /^ {2}\d+ \| /m);
    assert.match(stylish.stdout, /^ {2}↳ /m);
    assert.deepEqual(problems(stylish.stdout), expected);

    // In a terminal the output has colour; VS Code removes the escape codes before matching.
    const colored = bplan(['lint', '--color', '.'], { cwd: tmp.dir }).stdout;
    assert.match(colored, /\u001b\[/);
    assert.deepEqual(problems(colored.replace(/\u001b\[[0-9;]*m/g, '')), expected);
  });
});

describe('docs/ci.md', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'ci.md'), 'utf8');

  it("lists every input of the action with its default", () => {
    for (const [name, input] of Object.entries(action.inputs)) {
      const row = `| \`${name}\` | ${input.default ? `\`${input.default}\` ` : ''}| `;
      assert.ok(doc.includes(row), `docs/ci.md has no row ${row}`);
    }
  });

  it("gives the package's problem matcher and the hook's files pattern as they are", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const inline = /"regexp": ("(?:[^"\\]|\\.)*")/.exec(doc);
    assert.ok(inline, 'no inline problem matcher in docs/ci.md');
    assert.equal(JSON.parse(inline[1]!), manifest.contributes.problemMatchers[0].pattern.regexp);
    const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { files: string }[];
    assert.ok(doc.includes(`files: ${hooks[0]!.files}\n`), 'the local hook in docs/ci.md matches other files');
  });
});
