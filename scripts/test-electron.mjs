// Runs test/electron/suite.ts inside a desktop VS Code downloaded by @vscode/test-electron. Needs
// network access to Microsoft's update service, so it is not part of `npm test`; on machines without
// it, test/e2e/ runs the same checks in code-server (see docs/editors.md).
import { runTests } from '@vscode/test-electron';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const workspace = mkdtempSync(join(tmpdir(), 'bplan-electron-'));
writeFileSync(
  join(workspace, 'broken.bplan.yaml'),
  `bplan: 1
name: electron-check
vault:
  name: "rsv lyon"
  region: francecentral
  redundancy: geo
  encryption:
    passphrase: { env: LYON_PASSPHRASE }
servers:
  - name: mabs01
    product: mabs
    version: v3
    os: windows-server-2019
    domainJoined: true
    storagePool:
      disks:
        - { name: vol1, sizeGB: 4000, type: fixed }
    scratch: { freeGB: 200 }
workloads:
  - name: shares
    type: files
    host: fs01
    sizeGB: 500
    server: mabs01
    policy: files-daily
policies:
  - name: files-daily
    disk: { syncEvery: 1h, recoveryPoints: ["20:00"], retentionDays: 14 }
    online:
      times: ["01:00", "07:00", "13:00", "19:00"]
      retention: { daily: 30 }
`,
);
try {
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out', 'test', 'electron', 'suite.js'),
    launchArgs: [workspace, '--disable-extensions'],
  });
} catch (error) {
  console.error(`bplan: the VS Code (electron) checks failed or could not start: ${error?.message ?? error}`);
  process.exit(1);
}
