// The architecture rule: core code cannot import electron. Proved by linting real files
// placed where core code lives, with the project's own config.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(root, 'main/core/.lint-probe-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function lint(relativeDir: string, source: string) {
  const dir = join(root, relativeDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `probe-${Math.random().toString(36).slice(2)}.ts`);
  writeFileSync(file, source);
  try {
    const eslint = new ESLint({ cwd: root });
    const [result] = await eslint.lintFiles([file]);
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports');
  } finally {
    rmSync(file);
  }
}

describe('the Electron-free rule', () => {
  it('fails a core file that imports electron', async () => {
    const messages = await lint(
      scratch.slice(root.length + 1),
      "import { app } from 'electron';\nexport const name = app.name;\n",
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]!.message).toContain('Electron-free');
  });

  it('fails a core file that imports an electron subpath', async () => {
    const messages = await lint(
      scratch.slice(root.length + 1),
      "import { ipcMain } from 'electron/main';\nexport const x = ipcMain;\n",
    );
    expect(messages).toHaveLength(1);
  });

  it('allows the shell files at the top of main/ to import electron', async () => {
    const messages = await lint('main', "import { app } from 'electron';\nexport const name = app.name;\n");
    expect(messages).toEqual([]);
  });
});
