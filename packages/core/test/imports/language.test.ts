import { describe, expect, it } from 'vitest';

import { languageOf } from '../../src/imports';

describe('languageOf', () => {
  it('names languages by extension, case-insensitively', () => {
    const cases: Record<string, string> = {
      'src/a.ts': 'typescript',
      'src/a.d.ts': 'typescript',
      'src/App.TSX': 'typescript',
      'lib/x.mjs': 'javascript',
      'lib/x.cjs': 'javascript',
      'pkg/mod.py': 'python',
      'cmd/main.go': 'go',
      'src/main/java/A.java': 'java',
      'build.gradle.kts': 'kotlin',
      'src/lib.rs': 'rust',
      'include/x.h': 'c',
      'src/x.cpp': 'cpp',
      'App.cs': 'csharp',
      'package.json': 'json',
      '.github/workflows/ci.yml': 'yaml',
      'docs/README.md': 'markdown',
      'styles/site.scss': 'css',
      'index.html': 'html',
      'scripts/run.sh': 'shell',
      'db/schema.sql': 'sql',
    };

    for (const [path, language] of Object.entries(cases)) expect(languageOf(path)).toBe(language);
  });

  it('recognises well-known file names', () => {
    expect(languageOf('Dockerfile')).toBe('dockerfile');
    expect(languageOf('services/api/Makefile')).toBe('makefile');
    expect(languageOf('Gemfile')).toBe('ruby');
    expect(languageOf('home/.bashrc')).toBe('shell');
  });

  it('falls back to text', () => {
    const unknown = ['LICENSE', '.gitignore', 'notes.txt', 'a.constructor', 'x.toString', 'd.x/'];
    for (const path of unknown) expect(languageOf(path)).toBe('text');
  });
});
