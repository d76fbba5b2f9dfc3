import { describe, expect, it } from 'vitest';

import { extractImports } from '../../src/imports';

const py = (content: string) =>
  extractImports('pkg/mod.py', 'python', content).map((found) => {
    expect(found.kind).toBe('python');
    return found.specifier;
  });

describe('extractImports for Python', () => {
  it('reads plain imports, several per line, with aliases', () => {
    expect(py('import os\nimport a.b.c\nimport json, x.y as z, q')).toEqual([
      'os',
      'a.b.c',
      'json',
      'x.y',
      'q',
    ]);
  });

  it('reads the module of from-imports, absolute and relative', () => {
    const content = [
      'from a.b import c',
      'from .mod import y',
      'from ..pkg.mod import z as zed',
      'from ...top import *',
    ].join('\n');

    expect(py(content)).toEqual(['a.b', '.mod', '..pkg.mod', '...top']);
  });

  it('reads each name of a bare relative import as a module', () => {
    expect(py('from . import x, y as why\nfrom .. import parent\nfrom . import *')).toEqual([
      '.x',
      '.y',
      '..parent',
      '.',
    ]);
  });

  it('reads parenthesised and continued from-imports across lines', () => {
    const content = [
      'from . import (',
      '    first,  # a comment',
      '    second as two,',
      ')',
      'from a.b import \\',
      '    c, d',
      'value = 1',
    ].join('\n');

    expect(py(content)).toEqual(['.first', '.second', 'a.b']);
  });

  it('reads imports in indented blocks and after a colon or semicolon', () => {
    const content = [
      'try: import ujson as json',
      'except ImportError: import json',
      'if TYPE_CHECKING:',
      '    from .types import Model',
      'x = 1; import sys',
    ].join('\n');

    expect(py(content)).toEqual(['ujson', 'json', '.types', 'sys']);
  });

  it('ignores comments, strings and docstrings', () => {
    const content = [
      '"""Module docs.',
      'import not_this',
      'from neither import that',
      '"""',
      '# import commented',
      "s = 'import quoted'",
      "r = rb'from raw import bytes'",
      "f = f'''",
      'import in_fstring',
      "'''",
      'import real',
    ].join('\n');

    expect(py(content)).toEqual(['real']);
  });

  it('does not read `yield from` or `raise … from` as imports', () => {
    const content = 'def g():\n    yield from other()\n    raise Error() from cause\n';

    expect(py(content)).toEqual([]);
  });
});
