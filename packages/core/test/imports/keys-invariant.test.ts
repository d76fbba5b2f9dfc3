import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { keysForPath, resolveImport, type RawImport } from '../../src/imports';
import { repoContext } from './repo-context';

// A small universe of paths, so that random files and random imports often meet: directories
// and names chosen to exercise every rule (index files, packages, source roots, double
// extensions), with every extension some rule cares about.
const DIRECTORIES = ['', 'a', 'a/b', 'src', 'src/a', 'src/main/java/a', 'src/test/java/a', 'a/C'];
const NAMES = ['a', 'b', 'index', '__init__', 'C', 'a.js'];
const ENDINGS = ['', '.ts', '.tsx', '.d.ts', '.js', '.mjs', '.mts', '.json', '.py', '.java', '.go'];
const UNIVERSE = DIRECTORIES.flatMap((dir) =>
  NAMES.flatMap((name) => ENDINGS.map((ending) => (dir ? `${dir}/` : '') + name + ending)),
);

const SEGMENTS = ['a', 'b', 'src', 'index', '__init__', 'main', 'test', 'java', 'C'];
const GO_MODULE = 'example.com/m';

const segments = (min: number, max: number) =>
  fc.array(fc.constantFrom(...SEGMENTS), { minLength: min, maxLength: max });

const repoPath = fc.constantFrom(...UNIVERSE);

const jsImport = fc
  .tuple(
    fc.constantFrom('./', '../', '../../', '../../../', '.', '..'),
    segments(0, 3),
    fc.constantFrom('', '.js', '.jsx', '.mjs', '.cjs', '.ts', '/'),
    fc.constantFrom('import', 'export-from', 'require', 'dynamic-import' as const),
  )
  .map(([prefix, parts, ending, kind]): RawImport => {
    const joint = prefix.endsWith('/') || parts.length === 0 ? '' : '/';
    return { specifier: prefix + joint + parts.join('/') + ending, kind };
  });

const pythonImport = fc
  .tuple(fc.integer({ min: 0, max: 3 }), segments(0, 3))
  .map(([dots, parts]): RawImport => ({
    specifier: '.'.repeat(dots) + parts.join('.'),
    kind: 'python',
  }));

const javaImport = fc.tuple(segments(1, 5), fc.boolean()).map(([parts, wildcard]): RawImport => ({
  specifier: parts.join('.') + (wildcard ? '.*' : ''),
  kind: 'java',
}));

const goImport = fc
  .tuple(fc.constantFrom(GO_MODULE, 'fmt', 'example.com/other'), segments(0, 3))
  .map(([module, parts]): RawImport => ({
    specifier: [module, ...parts].join('/'),
    kind: 'go',
  }));

const anyImport = fc.oneof(jsImport, pythonImport, javaImport, goImport);

describe('keysForPath', () => {
  it('names the key of every import whose resolution a path’s arrival or removal changes', () => {
    const scenario = fc.record({
      files: fc.uniqueArray(repoPath, { maxLength: 12 }),
      importer: repoPath,
      imports: fc.array(anyImport, { minLength: 1, maxLength: 4 }),
      goModule: fc.constantFrom(GO_MODULE, null),
    });

    // Every path of the universe is added or removed in turn, so every candidate of every
    // import, and every directory a Go import asks about, is exercised.
    fc.assert(
      fc.property(scenario, ({ files, importer, imports, goModule }) => {
        const before = repoContext(files, goModule);
        const was = imports.map((imp) => resolveImport(importer, imp, before));
        const misses: string[] = [];

        for (const changed of UNIVERSE) {
          const afterFiles = files.includes(changed)
            ? files.filter((path) => path !== changed)
            : [...files, changed];
          const after = repoContext(afterFiles, goModule);

          imports.forEach((imp, n) => {
            const then = was[n];
            const now = resolveImport(importer, imp, after);
            const moved = now.target !== then?.target;
            if (now.targetKey !== then?.targetKey) misses.push(`${imp.specifier}: key moved`);
            else if (moved && !keysForPath(changed).includes(now.targetKey ?? '\u0000')) {
              misses.push(`${imp.specifier}: ${changed} changed it, key ${now.targetKey} missed`);
            }
          });
        }
        expect(misses).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('names the key of an import among the keys of the file it resolves to', () => {
    const scenario = fc.record({
      files: fc.uniqueArray(repoPath, { maxLength: 10 }),
      importer: repoPath,
      imp: anyImport,
    });

    fc.assert(
      fc.property(scenario, ({ files, importer, imp }) => {
        const resolved = resolveImport(importer, imp, repoContext(files, GO_MODULE));
        if (resolved.target === null || imp.kind === 'go') return;

        expect(files).toContain(resolved.target);
        expect(keysForPath(resolved.target)).toContain(resolved.targetKey);
      }),
      { numRuns: 1000 },
    );
  });
});
