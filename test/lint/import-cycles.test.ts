// No import cycles in main/ and the renderer, type-only imports included. Lint's import-x/no-cycle
// keeps runtime cycles out as you type, but it skips `import type` by design; a cycle of types still
// ties two modules into one (neither can move or be understood alone), so this walks the whole graph
// with TypeScript's own import scanner (ts.preProcessFile) and lists every cycle it finds.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|svelte)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Each file's relative imports (values, types and re-exports alike) that land on another file of the set. */
export function importGraph(files: readonly string[], read = (file: string) => readFileSync(file, 'utf8')) {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(read(file), true, true);
    const targets = importedFiles
      .filter(({ fileName }) => fileName.startsWith('.'))
      .map(({ fileName }) => resolve(dirname(file), fileName))
      .filter((target) => known.has(target));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Strongly connected components of more than one file, or a file importing itself (Tarjan). */
export function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || graph.get(file)?.includes(file)) cycles.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles;
}

describe('import cycles', () => {
  it('finds a cycle made of type-only imports, and a longer one of values', () => {
    const sources: Record<string, string> = {
      '/p/a.ts': "import type { B } from './b.ts';\nexport type A = B;",
      '/p/b.ts': "import type { A } from './a.ts';\nexport type B = A | 1;",
      '/p/c.ts': "import { d } from './d.ts';\nexport const c = d;",
      '/p/d.ts': "export { e as d } from './e.ts';",
      '/p/e.ts': "import { c } from './c.ts';\nexport const e = c;",
      '/p/f.ts': "import { c } from './c.ts';\nexport const f = c;",
    };
    const graph = importGraph(Object.keys(sources), (file) => sources[file]!);
    expect(cyclesOf(graph)).toEqual([
      ['/p/a.ts', '/p/b.ts'],
      ['/p/c.ts', '/p/d.ts', '/p/e.ts'],
    ]);
  });

  it('are none in main/ and the renderer', () => {
    const files = [...sourceFiles(join(root, 'main')), ...sourceFiles(join(root, 'renderer/src'))];
    expect(files.length).toBeGreaterThan(100);
    const cycles = cyclesOf(importGraph(files)).map((cycle) => cycle.map((file) => relative(root, file)));
    expect(cycles).toEqual([]);
  });
});
