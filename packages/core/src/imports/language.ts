/** The languages codesync tells apart. `text` stands for anything it does not recognise. */
export type Language =
  | 'typescript'
  | 'javascript'
  | 'python'
  | 'go'
  | 'java'
  | 'kotlin'
  | 'scala'
  | 'swift'
  | 'rust'
  | 'c'
  | 'cpp'
  | 'csharp'
  | 'ruby'
  | 'php'
  | 'shell'
  | 'sql'
  | 'json'
  | 'yaml'
  | 'toml'
  | 'xml'
  | 'markdown'
  | 'css'
  | 'html'
  | 'dockerfile'
  | 'makefile'
  | 'text';

// Maps, not object literals: a file called `x.constructor` must not find Object.prototype.
const BY_NAME = new Map<string, Language>([
  ['dockerfile', 'dockerfile'],
  ['containerfile', 'dockerfile'],
  ['makefile', 'makefile'],
  ['gnumakefile', 'makefile'],
  ['gemfile', 'ruby'],
  ['rakefile', 'ruby'],
  ['.bashrc', 'shell'],
  ['.bash_profile', 'shell'],
  ['.zshrc', 'shell'],
  ['.profile', 'shell'],
  ['.babelrc', 'json'],
  ['.eslintrc', 'json'],
  ['.prettierrc', 'json'],
]);

const BY_EXTENSION = new Map<string, Language>([
  ...entries('typescript', ['ts', 'tsx', 'mts', 'cts']),
  ...entries('javascript', ['js', 'jsx', 'mjs', 'cjs']),
  ...entries('python', ['py', 'pyi', 'pyw']),
  ...entries('go', ['go']),
  ...entries('java', ['java']),
  ...entries('kotlin', ['kt', 'kts']),
  ...entries('scala', ['scala', 'sc']),
  ...entries('swift', ['swift']),
  ...entries('rust', ['rs']),
  ...entries('c', ['c', 'h']),
  ...entries('cpp', ['cc', 'cpp', 'cxx', 'c++', 'hh', 'hpp', 'hxx', 'h++']),
  ...entries('csharp', ['cs']),
  ...entries('ruby', ['rb', 'rake', 'gemspec']),
  ...entries('php', ['php']),
  ...entries('shell', ['sh', 'bash', 'zsh', 'ksh']),
  ...entries('sql', ['sql']),
  ...entries('json', ['json', 'jsonc', 'json5']),
  ...entries('yaml', ['yml', 'yaml']),
  ...entries('toml', ['toml']),
  ...entries('xml', ['xml', 'xsd', 'xsl', 'svg']),
  ...entries('markdown', ['md', 'markdown', 'mdx']),
  ...entries('css', ['css', 'scss', 'sass', 'less']),
  ...entries('html', ['html', 'htm', 'xhtml']),
  ...entries('dockerfile', ['dockerfile']),
  ...entries('makefile', ['mk', 'mak']),
]);

function entries(language: Language, extensions: readonly string[]): [string, Language][] {
  return extensions.map((extension) => [extension, language]);
}

/**
 * Names the language of a repository file from its path alone: a well-known file name
 * (`Dockerfile`, `Makefile`, `.bashrc`) wins, otherwise the extension decides. Both are
 * compared case-insensitively. A name without a known extension is `text`.
 */
export function languageOf(path: string): Language {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const byName = BY_NAME.get(name);
  if (byName) return byName;

  // A leading dot starts a hidden file's name, not an extension (`.gitignore`).
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return 'text';
  return BY_EXTENSION.get(name.slice(dot + 1)) ?? 'text';
}
