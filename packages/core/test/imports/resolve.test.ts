import { describe, expect, it } from 'vitest';

import { keysForPath, resolveImport, type RawImport } from '../../src/imports';
import { repoContext } from './repo-context';

function resolve(fromPath: string, imp: RawImport, files: string[], goModule?: string) {
  return resolveImport(fromPath, imp, repoContext(files, goModule ?? null));
}

const esm = (specifier: string): RawImport => ({ specifier, kind: 'import' });
const py = (specifier: string): RawImport => ({ specifier, kind: 'python' });
const java = (specifier: string): RawImport => ({ specifier, kind: 'java' });
const go = (specifier: string): RawImport => ({ specifier, kind: 'go' });

describe('resolveImport for JavaScript and TypeScript', () => {
  it('prefers util.ts over util/index.ts for ./util', () => {
    const both = resolve('src/a.ts', esm('./util'), ['src/util.ts', 'src/util/index.ts']);
    const indexOnly = resolve('src/a.ts', esm('./util'), ['src/util/index.ts']);

    expect(both).toMatchObject({ target: 'src/util.ts', targetKey: 'src/util' });
    expect(indexOnly).toMatchObject({ target: 'src/util/index.ts', targetKey: 'src/util' });
  });

  it('takes an exact path first, then extensions in order', () => {
    const files = ['src/data.json', 'src/view.tsx', 'src/view.js'];

    expect(resolve('src/a.ts', esm('./data.json'), files).target).toBe('src/data.json');
    expect(resolve('src/a.ts', esm('./view'), files).target).toBe('src/view.tsx');
  });

  it('maps an emitted .js specifier to its TypeScript source', () => {
    const files = ['src/util.ts', 'src/lib.mts', 'src/comp.tsx'];

    expect(resolve('src/a.ts', esm('./util.js'), files)).toMatchObject({
      target: 'src/util.ts',
      targetKey: 'src/util.js',
    });
    expect(resolve('src/a.ts', esm('./lib.mjs'), files).target).toBe('src/lib.mts');
    expect(resolve('src/a.ts', esm('./comp.js'), files).target).toBe('src/comp.tsx');
    expect(resolve('src/a.ts', esm('./util.js'), ['src/util.js', 'src/util.ts']).target).toBe(
      'src/util.js',
    );
  });

  it('resolves parent and directory specifiers to index files', () => {
    const files = ['index.ts', 'src/lib/x.ts', 'src/lib/index.js'];

    expect(resolve('src/lib/x.ts', esm('.'), files).target).toBe('src/lib/index.js');
    expect(resolve('src/lib/x.ts', esm('../../'), files)).toMatchObject({
      target: 'index.ts',
      targetKey: '',
    });
    expect(resolve('src/a.ts', esm('../src/./lib/'), files).target).toBe('src/lib/index.js');
  });

  it('does not take a directory for a file', () => {
    expect(resolve('src/a.ts', esm('./util'), ['src/util/helpers.ts']).target).toBeNull();
  });

  it('gives no key and no target to a specifier that leaves the repository', () => {
    const escaped = resolve('src/a.ts', esm('../../../etc/passwd'), ['etc/passwd']);

    expect(escaped).toEqual({
      specifier: '../../../etc/passwd',
      kind: 'import',
      targetKey: null,
      target: null,
    });
  });

  it('gives no key and no target to packages', () => {
    for (const specifier of ['react', '@scope/pkg/sub', 'node:fs', '/abs/path', '#internal']) {
      expect(resolve('src/a.ts', esm(specifier), ['react.ts'])).toMatchObject({
        targetKey: null,
        target: null,
      });
    }
  });

  it('keeps the key of a relative import that matches no file yet', () => {
    expect(resolve('src/a.ts', esm('./missing'), [])).toMatchObject({
      targetKey: 'src/missing',
      target: null,
    });
  });

  it('resolves require and re-exports the same way', () => {
    const files = ['lib/x.cjs'];
    const required = resolve('lib/y.js', { specifier: './x', kind: 'require' }, files);
    const reexported = resolve('lib/y.js', { specifier: './x.cjs', kind: 'export-from' }, files);

    expect(required.target).toBe('lib/x.cjs');
    expect(reexported.target).toBe('lib/x.cjs');
  });
});

describe('resolveImport for Python', () => {
  const files = [
    'pkg/__init__.py',
    'pkg/sub/__init__.py',
    'pkg/sub/mod.py',
    'pkg/sub/inner/__init__.py',
    'pkg/sibling.py',
    'src/app/core.py',
  ];

  it('starts one dot at the importing file’s package and climbs one level per extra dot', () => {
    const from = 'pkg/sub/x.py';

    expect(resolve(from, py('.mod'), files).target).toBe('pkg/sub/mod.py');
    expect(resolve(from, py('.inner'), files).target).toBe('pkg/sub/inner/__init__.py');
    expect(resolve(from, py('..sibling'), files).target).toBe('pkg/sibling.py');
    expect(resolve(from, py('.'), files).target).toBe('pkg/sub/__init__.py');
    expect(resolve(from, py('..'), files)).toMatchObject({
      target: 'pkg/__init__.py',
      targetKey: 'pkg',
    });
  });

  it('gives null key and target when the dots climb above the root', () => {
    expect(resolve('pkg/x.py', py('...up'), files)).toMatchObject({
      targetKey: null,
      target: null,
    });
  });

  it('looks absolute modules up from the root and from src/', () => {
    expect(resolve('main.py', py('pkg.sub.mod'), files)).toMatchObject({
      target: 'pkg/sub/mod.py',
      targetKey: 'pkg/sub/mod',
    });
    expect(resolve('main.py', py('pkg.sub'), files).target).toBe('pkg/sub/__init__.py');
    expect(resolve('main.py', py('app.core'), files)).toMatchObject({
      target: 'src/app/core.py',
      targetKey: 'app/core',
    });
  });

  it('keeps the key of a module that is not in the repository', () => {
    expect(resolve('main.py', py('os.path'), files)).toMatchObject({
      target: null,
      targetKey: 'os/path',
    });
  });
});

describe('resolveImport for Java', () => {
  const files = [
    'src/main/java/com/acme/App.java',
    'src/test/java/com/acme/AppTest.java',
    'lib/Plain.java',
  ];

  it('looks classes up under each source root', () => {
    expect(resolve('x/Y.java', java('com.acme.App'), files)).toMatchObject({
      target: 'src/main/java/com/acme/App.java',
      targetKey: 'com/acme/App',
    });
    expect(resolve('x/Y.java', java('com.acme.AppTest'), files).target).toBe(
      'src/test/java/com/acme/AppTest.java',
    );
    expect(resolve('x/Y.java', java('lib.Plain'), files).target).toBe('lib/Plain.java');
  });

  it('resolves a nested class, or all of a class’s members, to the top-level class file', () => {
    expect(resolve('x/Y.java', java('com.acme.App.Inner'), files)).toMatchObject({
      target: 'src/main/java/com/acme/App.java',
      targetKey: 'com/acme/App',
    });
    expect(resolve('x/Y.java', java('com.acme.App.*'), files).target).toBe(
      'src/main/java/com/acme/App.java',
    );
  });

  it('keys a package wildcard by its directory and never resolves it', () => {
    expect(resolve('x/Y.java', java('com.acme.*'), files)).toMatchObject({
      target: null,
      targetKey: 'com/acme',
    });
  });
});

describe('resolveImport for Go', () => {
  const files = ['go.mod', 'main.go', 'pkg/foo/foo.go', 'pkg/foo/bar/bar.go', 'internal/x/x.go'];
  const module = 'example.com/m';

  it('resolves packages of the module to their directory', () => {
    expect(resolve('main.go', go('example.com/m/pkg/foo'), files, module)).toMatchObject({
      target: 'pkg/foo',
      targetKey: 'pkg/foo',
    });
    expect(resolve('pkg/foo/foo.go', go('example.com/m'), files, module)).toMatchObject({
      target: '',
      targetKey: '',
    });
  });

  it('keeps the key of a package of the module that has no files', () => {
    expect(resolve('main.go', go('example.com/m/pkg/gone'), files, module)).toMatchObject({
      target: null,
      targetKey: 'pkg/gone',
    });
  });

  it('gives null key and target outside the module, or without a module', () => {
    for (const path of ['fmt', 'example.com/other/pkg', 'example.com/mm/pkg']) {
      expect(resolve('main.go', go(path), files, module).targetKey).toBeNull();
    }
    expect(resolve('main.go', go('example.com/m/pkg/foo'), files).targetKey).toBeNull();
  });
});

describe('keysForPath', () => {
  it('covers exact, extension-less, emitted and directory keys of an index file', () => {
    const expected = ['src/util/index.ts', 'src/util/index', 'src/util/index.js', 'src/util'];
    expect(keysForPath('src/util/index.ts')).toEqual(expect.arrayContaining(expected));
  });

  it('covers a Python module and package', () => {
    expect(keysForPath('pkg/a/__init__.py')).toEqual(
      expect.arrayContaining(['pkg/a/__init__', 'pkg/a']),
    );
    expect(keysForPath('src/app/core.py')).toEqual(
      expect.arrayContaining(['src/app/core', 'app/core']),
    );
  });

  it('covers a Java class under each source root it sits in', () => {
    expect(keysForPath('src/main/java/a/b/C.java')).toEqual(
      expect.arrayContaining(['a/b/C', 'src/main/java/a/b/C', 'main/java/a/b/C']),
    );
  });

  it('covers every directory above a file, for Go packages', () => {
    expect(keysForPath('pkg/foo/x.go')).toEqual(expect.arrayContaining(['pkg/foo', 'pkg', '']));
  });

  it('lists no key twice', () => {
    const keys = keysForPath('src/index.ts');
    expect(new Set(keys).size).toBe(keys.length);
  });
});
