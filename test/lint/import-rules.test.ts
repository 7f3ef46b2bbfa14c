// The architecture's import rules, proved by linting source text as if it stood at a given path,
// with the project's own config (ESLint's lintText: nothing is written into the tree).
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function restrictedImports(relativePath: string, source: string) {
  const [result] = await eslint.lintText(source, { filePath: join(root, relativePath) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports');
}

describe('the Electron-free rule', () => {
  it('fails a core file that imports electron', async () => {
    const messages = await restrictedImports(
      'main/core/engine/probe.ts',
      "import { app } from 'electron';\nexport const name = app.name;\n",
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]!.message).toContain('Electron-free');
  });

  it('fails a core file that imports an electron subpath', async () => {
    const messages = await restrictedImports(
      'main/core/engine/probe.ts',
      "import { ipcMain } from 'electron/main';\nexport const x = ipcMain;\n",
    );
    expect(messages).toHaveLength(1);
  });

  it('fails electron in the ledger too (its own rule keeps the Electron-free one)', async () => {
    const messages = await restrictedImports(
      'main/core/ledger/probe.ts',
      "import { app } from 'electron';\nexport const name = app.name;\n",
    );
    expect(messages).toHaveLength(1);
  });

  it('allows the shell files at the top of main/ to import electron', async () => {
    const messages = await restrictedImports(
      'main/probe.ts',
      "import { app } from 'electron';\nexport const name = app.name;\n",
    );
    expect(messages).toEqual([]);
  });
});

describe('the layering rules', () => {
  it('keep the ledger on main/common/ only', async () => {
    const above = await restrictedImports(
      'main/core/ledger/probe.ts',
      "import type { Account } from '../accounts/types.ts';\nexport type A = Account;\n",
    );
    expect(above).toHaveLength(1);
    expect(above[0]!.message).toContain('main/common/');
    const bottom = await restrictedImports(
      'main/core/ledger/probe.ts',
      "import type { Account } from '../../common/account.ts';\nimport { migrate } from './migrations.ts';\nexport type A = Account;\nexport const m = migrate;\n",
    );
    expect(bottom).toEqual([]);
  });

  it('keep main/common/ free of node:, packages and anything above it', async () => {
    for (const source of [
      "import { join } from 'node:path';\nexport const j = join;\n",
      "import { z } from 'zod';\nexport const s = z.string();\n",
      "import { fail } from '../core/engine/index.ts';\nexport const f = fail;\n",
    ]) {
      expect(await restrictedImports('main/common/probe.ts', source)).toHaveLength(1);
    }
    expect(
      await restrictedImports(
        'main/common/probe.ts',
        "import { EXIT } from './exit-codes.ts';\nexport const e = EXIT;\n",
      ),
    ).toEqual([]);
  });

  it('let the renderer import main/common/, the pure media rules and the contract’s types only', async () => {
    const file = 'renderer/src/lib/probe.ts';
    expect(
      await restrictedImports(
        file,
        "import { formatBytes } from '../../../main/common/format.ts';\nimport { rulesFor } from '../../../main/core/media/rules.ts';\nimport type { XferApi } from '../../../main/ipc/contract.ts';\nexport const x = [formatBytes, rulesFor] as const;\nexport type A = XferApi;\n",
      ),
    ).toEqual([]);
    const refused = [
      "import { Ledger } from '../../../main/core/ledger/ledger.ts';\nexport const l = Ledger;\n",
      "import type { Session } from '../../../main/core/ledger/index.ts';\nexport type S = Session;\n",
      "import { CHANNEL_NAMES } from '../../../main/ipc/contract.ts';\nexport const c = CHANNEL_NAMES;\n",
      "import { readFile } from 'node:fs/promises';\nexport const r = readFile;\n",
    ];
    for (const source of refused) expect(await restrictedImports(file, source), source).toHaveLength(1);
  });
});

describe('the import-cycle check', () => {
  async function cycles(relativePath: string, source: string) {
    const [result] = await eslint.lintText(source, { filePath: join(root, relativePath) });
    return result!.messages.filter((m) => m.ruleId === 'import-x/no-cycle');
  }

  it('fails a module that imports one that imports it back (server.ts imports control.ts)', async () => {
    const messages = await cycles(
      'main/harness/control.ts',
      "import { startHarness } from './server.ts';\nexport const start = startHarness;\n",
    );
    expect(messages).toHaveLength(1);
  });

  it('allows the same import where nothing leads back', async () => {
    const messages = await cycles(
      'main/harness/probe.ts',
      "import { startHarness } from './server.ts';\nexport const start = startHarness;\n",
    );
    expect(messages).toEqual([]);
  });
});
