import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { extractImports, resolveImport, type Language } from '../../src/imports';
import { repoContext } from './repo-context';

const LANGUAGES: Language[] = ['typescript', 'javascript', 'python', 'go', 'java'];
const MEGABYTE = 1 << 20;

/** Repeats `unit` until the text is about `size` characters long. */
function fill(unit: string, size = MEGABYTE): string {
  return unit.repeat(Math.ceil(size / unit.length));
}

// Inputs that make naive scanners or backtracking regular expressions go quadratic or worse.
const PATHOLOGICAL: Record<string, string> = {
  'one very long line': fill('a'),
  'unterminated string': `import x from './x';\nconst s = '${fill('\\\\ ')}`,
  'unterminated block comment': `import x from './x';\n/*${fill('* / ')}`,
  'unterminated template': `import x from './x';\nconst t = \`${fill('${ ')}`,
  'unterminated triple quote': `import os\n"""${fill('"" \\" ')}`,
  'endless import clause': `import ${fill('a, ')}`,
  'endless braces': `import ${fill('{ ')}`,
  'nested template substitutions': fill('`${'),
  'many keywords': fill('import export require from ( '),
  'many dots': `from ${fill('.')}`,
  'long dotted name': `import ${fill('a.')}`,
  'slashes and quotes': fill(`/'"/\`/`),
  'many distinct imports': Array.from({ length: 40_000 }, (_, n) => `import './m${n}';`).join('\n'),
};

describe('extractImports on hostile input', () => {
  for (const [name, content] of Object.entries(PATHOLOGICAL)) {
    it(`stays linear on ${name}`, () => {
      for (const language of LANGUAGES) {
        const started = performance.now();
        extractImports('x', language, content);
        // A catastrophic-backtracking guard, not a benchmark: linear work takes milliseconds.
        expect(performance.now() - started).toBeLessThan(2_000);
      }
    });
  }

  it('still finds imports before an unterminated construct', () => {
    const content = PATHOLOGICAL['unterminated block comment'] ?? '';
    expect(extractImports('x.ts', 'typescript', content)).toEqual([
      { specifier: './x', kind: 'import' },
    ]);
  });

  it('reads a megabyte of ordinary TypeScript quickly', () => {
    const module = [
      "import { readFile } from 'node:fs/promises';",
      "import type { Config } from './config.js';",
      '/** Loads the configuration. */',
      'export async function load(path: string): Promise<Config> {',
      "  const text = await readFile(path, 'utf8'); // read it",
      '  const ratio = text.length / 2;',
      '  return { text, ratio, pattern: /import "x"/g, label: `size ${ratio}` } as Config;',
      '}',
      '',
    ].join('\n');
    const content = fill(module);

    const started = performance.now();
    const found = extractImports('big.ts', 'typescript', content);
    const elapsed = performance.now() - started;

    expect(found.map((imp) => imp.specifier)).toEqual(['node:fs/promises', './config.js']);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('never throws, whatever the text', () => {
    const source = fc.string({ unit: fc.constantFrom(...'import from ./\'"`${}()*#\\\n;.a_') });
    fc.assert(
      fc.property(fc.constantFrom(...LANGUAGES), source, (language, content) => {
        for (const imp of extractImports('dir/x', language, content)) {
          expect(imp.specifier).not.toBe('');
          resolveImport('dir/x', imp, repoContext(['dir/x'], 'example.com/m'));
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('never throws on arbitrary Unicode', () => {
    fc.assert(
      fc.property(fc.constantFrom(...LANGUAGES), fc.string({ unit: 'grapheme' }), (lang, text) => {
        extractImports('x', lang, text);
      }),
    );
  });
});
