import type { ResolveContext } from '../imports';
import type { WriteStatements } from './statements';

/**
 * Answers "does this path exist?" from the index itself, so import targets are resolved against
 * exactly the tree being indexed. A directory exists when a file lies under it (Go packages).
 */
export function indexResolveContext(stmts: WriteStatements, repo: string): ResolveContext {
  const goMod = stmts.fileContent.get(repo, 'go.mod') as string | undefined;
  return {
    hasFile: (p) => stmts.hasFile.get(repo, p) !== undefined,
    // Paths sort '/' (0x2f) just before '0' (0x30): everything under `dir/` lies in that range.
    hasDirectory: (dir) =>
      dir === ''
        ? stmts.hasFileUnder.get(repo, '', '\uffff') !== undefined
        : stmts.hasFileUnder.get(repo, `${dir}/`, `${dir}0`) !== undefined,
    goModulePath: goMod ? parseGoModule(goMod) : null,
  };
}

function parseGoModule(goMod: string): string | null {
  const match = /^\s*module\s+"?([^\s"]+)"?/m.exec(goMod);
  return match?.[1] ?? null;
}
