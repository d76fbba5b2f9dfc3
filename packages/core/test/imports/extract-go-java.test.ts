import { describe, expect, it } from 'vitest';

import { extractImports } from '../../src/imports';

describe('extractImports for Go', () => {
  const go = (content: string) => extractImports('cmd/main.go', 'go', content);

  it('reads single and grouped imports with aliases, blank and dot names', () => {
    const content = [
      'package main',
      '',
      'import "fmt"',
      'import str "strings"',
      'import (',
      '\t"os"',
      '\tpb "example.com/m/proto" // generated',
      '\t_ "example.com/m/driver"',
      '\t. "example.com/m/dsl"',
      '\t`example.com/m/raw`',
      ')',
    ].join('\n');

    expect(go(content)).toEqual(
      [
        'fmt',
        'strings',
        'os',
        'example.com/m/proto',
        'example.com/m/driver',
        'example.com/m/dsl',
        'example.com/m/raw',
      ].map((specifier) => ({ specifier, kind: 'go' })),
    );
  });

  it('reads imports written on one line with semicolons', () => {
    expect(go('import ("a"; b "b/c")').map((found) => found.specifier)).toEqual(['a', 'b/c']);
  });

  it('ignores commented-out imports and strings', () => {
    const content = [
      'package main',
      '// import "line"',
      'import (',
      '\t/* "block" */',
      '\t"real"',
      ')',
      'var s = "import \\"quoted\\""',
      'var r = `import "raw"`',
    ].join('\n');

    expect(go(content).map((found) => found.specifier)).toEqual(['real']);
  });
});

describe('extractImports for Java', () => {
  const java = (content: string) =>
    extractImports('src/main/java/a/App.java', 'java', content).map((found) => {
      expect(found.kind).toBe('java');
      return found.specifier;
    });

  it('reads single-type, on-demand and static imports', () => {
    const content = [
      'package a;',
      'import java.util.List;',
      'import java.util.*;',
      'import static org.junit.Assert.assertEquals;',
      'import static java.lang.Math.*;',
      'import com.example . Spaced ;',
    ].join('\n');

    expect(java(content)).toEqual([
      'java.util.List',
      'java.util.*',
      'org.junit.Assert',
      'java.lang.Math',
      'com.example.Spaced',
    ]);
  });

  it('skips module imports', () => {
    expect(java('import module java.base;\nimport module.named.Pkg;')).toEqual([
      'module.named.Pkg',
    ]);
  });

  it('ignores comments, strings and text blocks', () => {
    const content = [
      '// import a.Line;',
      '/* import a.Block; */',
      'String s = "import a.Quoted;";',
      'String t = """',
      '    import a.TextBlock;',
      '    """;',
      "char c = '\"';",
      'import a.Real;',
    ].join('\n');

    expect(java(content)).toEqual(['a.Real']);
  });
});
