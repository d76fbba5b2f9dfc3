import { describe, expect, it } from 'vitest';

import { extractImports } from '../../src/imports';

const js = (content: string) => extractImports('src/a.ts', 'typescript', content);
const specifiers = (content: string) => js(content).map((found) => found.specifier);

describe('extractImports for JavaScript and TypeScript', () => {
  it('reads every static import form', () => {
    const content = [
      "import React from 'react';",
      "import * as path from 'node:path';",
      "import def, { a, b as c } from './named';",
      "import './side-effect.css';",
      "import type { T } from './types';",
      "import { type U, V } from './mixed';",
    ].join('\n');

    expect(js(content)).toEqual([
      { specifier: 'react', kind: 'import' },
      { specifier: 'node:path', kind: 'import' },
      { specifier: './named', kind: 'import' },
      { specifier: './side-effect.css', kind: 'import' },
      { specifier: './types', kind: 'import' },
      { specifier: './mixed', kind: 'import' },
    ]);
  });

  it('reads an import list spread over many lines, with comments and a trailing comma', () => {
    const content = `import {
      alpha, // the first
      /* skipped */ beta as gamma,
      'quoted-name' as delta,
    } from "./many";`;

    expect(js(content)).toEqual([{ specifier: './many', kind: 'import' }]);
  });

  it('reads re-exports', () => {
    const content = [
      "export { a, b as c } from './ab';",
      "export * from './all';",
      "export * as ns from './ns';",
      "export type { T } from './types';",
      'export const local = 1;',
      'export { local as renamed };',
    ].join('\n');

    expect(js(content)).toEqual([
      { specifier: './ab', kind: 'export-from' },
      { specifier: './all', kind: 'export-from' },
      { specifier: './ns', kind: 'export-from' },
      { specifier: './types', kind: 'export-from' },
    ]);
  });

  it('reads require and dynamic import with a literal argument', () => {
    const content = [
      "const fs = require('fs');",
      "import legacy = require('./legacy');",
      "const lazy = await import('./lazy');",
      'const tpl = import(`./template`);',
      "const json = await import('./data.json', { with: { type: 'json' } });",
    ].join('\n');

    expect(js(content)).toEqual([
      { specifier: 'fs', kind: 'require' },
      { specifier: './legacy', kind: 'require' },
      { specifier: './lazy', kind: 'dynamic-import' },
      { specifier: './template', kind: 'dynamic-import' },
      { specifier: './data.json', kind: 'dynamic-import' },
    ]);
  });

  it('skips calls whose argument is not a plain literal', () => {
    const content = [
      'require(name);',
      "require('./a' + suffix);",
      'import(`./pages/${page}`);',
      "require.resolve('./not-an-import');",
      "loader.import('./method-call');",
      'const url = import.meta.url;',
    ].join('\n');

    expect(js(content)).toEqual([]);
  });

  it('ignores imports inside comments', () => {
    const content = [
      "// import a from './line-comment';",
      "/* import b from './block-comment';",
      "   require('./still-comment'); */",
      "/** @example import c from './jsdoc' */",
      "import real from './real';",
    ].join('\n');

    expect(specifiers(content)).toEqual(['./real']);
  });

  it('ignores imports inside strings and template text, but not in substitutions', () => {
    const content = [
      `const a = "import x from './double'";`,
      `const b = 'require("./single")';`,
      'const c = `import y from "./template"`;',
      "const d = `${await import('./inside-substitution')} and ${`nested ${x}`}`;",
      "import after from './after';",
    ].join('\n');

    expect(specifiers(content)).toEqual(['./inside-substitution', './after']);
  });

  it('is not thrown off by quotes or slashes inside regular expressions', () => {
    const content = [
      "const quote = /'/g;",
      'const slashes = /[/"]+/;',
      'const ratio = width / height / 2;',
      "import x from './x';",
    ].join('\n');

    expect(specifiers(content)).toEqual(['./x']);
  });

  it('does not let a clause without `from` swallow the next statement', () => {
    const content = ['export { local }', "import next from './next'"].join('\n');

    expect(js(content)).toEqual([{ specifier: './next', kind: 'import' }]);
  });

  it('reads JSX files and skips a shebang line', () => {
    const content = [
      "#!/usr/bin/env node import './not-this'",
      "import Button from './Button';",
      'export const App = () => <div className="app"><Button /></div>;',
    ].join('\n');

    expect(extractImports('src/app.jsx', 'javascript', content)).toEqual([
      { specifier: './Button', kind: 'import' },
    ]);
  });

  it('lists each specifier and kind once, in source order', () => {
    const content = [
      "import a from './a';",
      "import { b } from './b';",
      "import { c } from './a';",
      "const again = require('./a');",
    ].join('\n');

    expect(js(content)).toEqual([
      { specifier: './a', kind: 'import' },
      { specifier: './b', kind: 'import' },
      { specifier: './a', kind: 'require' },
    ]);
  });

  it('finds nothing in languages without imports', () => {
    expect(extractImports('README.md', 'markdown', "import x from './x'")).toEqual([]);
  });
});
