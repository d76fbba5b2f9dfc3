import type { Random } from './random';
import { capitalize, className, functionName, NOUNS } from './words';

/** The languages the generated repository mixes. */
export type Kind = 'ts' | 'js' | 'py' | 'go' | 'java' | 'md' | 'json';

/** One file of the generated repository, before its content is written. */
export interface PlannedFile {
  path: string;
  kind: Kind;
  /** Target size in bytes; the renderer stops at the first unit past it. */
  size: number;
  /** Names other files may import from this one. */
  exports: string[];
  /** Indexes (into the plan) of the files this one imports. */
  imports: number[];
}

// Share of files per language and the median size of each, from what mid-sized product
// monorepos look like: mostly TypeScript and Python, a Go and a Java service, docs, config.
const MIX: ReadonlyArray<{ kind: Kind; share: number; median: number; roots: string[] }> = [
  {
    kind: 'ts',
    share: 0.3,
    median: 5_000,
    roots: ['web/app/src', 'packages/shared/src', 'packages/ui/src'],
  },
  { kind: 'js', share: 0.12, median: 4_500, roots: ['tools/scripts', 'web/legacy/lib'] },
  {
    kind: 'py',
    share: 0.2,
    median: 5_000,
    roots: ['services/ingest', 'services/billing', 'src/analytics'],
  },
  { kind: 'go', share: 0.12, median: 6_000, roots: ['internal', 'pkg', 'cmd'] },
  { kind: 'java', share: 0.12, median: 7_000, roots: ['src/main/java/com/acme'] },
  { kind: 'md', share: 0.07, median: 3_000, roots: ['docs'] },
  { kind: 'json', share: 0.07, median: 2_500, roots: ['config', 'web/app/fixtures'] },
];

// codesync skips these directory names by default (CODESYNC_SKIP_DIRS); generated directories
// avoid them so that every generated file is indexed and every pushed marker is searchable.
const SKIPPED_DIRECTORY_NAMES = new Set([
  'vendor',
  'vendors',
  'build',
  'dist',
  'target',
  'node_modules',
]);
const DIRECTORY_NOUNS = NOUNS.filter(
  (noun) => !SKIPPED_DIRECTORY_NAMES.has(noun) && !SKIPPED_DIRECTORY_NAMES.has(`${noun}s`),
);

const MAX_DEPTH_BELOW_ROOT = 4;
const NEW_DIRECTORY_CHANCE = 0.09;
const SIZE_SIGMA = 1.0;
const MIN_SIZE = 150;
const MAX_SIZE = 400_000;

/** The Go module path written to the root go.mod; Go imports start with it. */
export const GO_MODULE = 'example.com/acme/platform';

/**
 * Lays out `fileCount` files whose sizes add up to about `totalBytes`: directory trees of
 * realistic depth per language, log-normal sizes, exported names, and imports that point
 * mostly at neighbouring files, as real modules do.
 */
export function planRepository(rng: Random, fileCount: number, totalBytes: number): PlannedFile[] {
  const files: PlannedFile[] = [
    { path: 'README.md', kind: 'md', size: 4_000, exports: [], imports: [] },
    { path: 'go.mod', kind: 'go', size: 0, exports: [], imports: [] },
    { path: 'package.json', kind: 'json', size: 1_200, exports: [], imports: [] },
  ];
  const budget = fileCount - files.length;
  MIX.forEach(({ kind, share, median, roots }, i) => {
    const already = files.length - 3;
    const count = i === MIX.length - 1 ? budget - already : Math.round(budget * share);
    placeFiles(rng, files, kind, count, median, roots);
  });
  scaleSizes(files, totalBytes);
  chooseImports(rng, files);
  return files;
}

function placeFiles(
  rng: Random,
  files: PlannedFile[],
  kind: Kind,
  count: number,
  median: number,
  roots: string[],
) {
  const dirs = roots.map((root) => ({ path: root, depth: 0, names: new Set<string>() }));
  let placed = 0;
  const add = (path: string, size: number, exports: string[]) => {
    files.push({ path, kind, size, exports, imports: [] });
    placed += 1;
  };
  if (kind === 'py') for (const dir of dirs) add(`${dir.path}/__init__.py`, rng.int(40, 300), []);

  while (placed < count) {
    let dir = rng.pick(dirs);
    if (rng.chance(NEW_DIRECTORY_CHANCE) && dir.depth < MAX_DEPTH_BELOW_ROOT) {
      const name = uniqueName(
        dir.names,
        () => rng.pick(DIRECTORY_NOUNS) + (rng.chance(0.3) ? 's' : ''),
      );
      dir = { path: `${dir.path}/${name}`, depth: dir.depth + 1, names: new Set() };
      dirs.push(dir);
      if (kind === 'py') {
        add(`${dir.path}/__init__.py`, rng.int(40, 300), []);
        continue;
      }
    }
    const stem = uniqueName(dir.names, () => fileStem(rng, kind));
    const size = Math.min(
      MAX_SIZE,
      Math.max(MIN_SIZE, Math.round(rng.logNormal(median, SIZE_SIGMA))),
    );
    add(`${dir.path}/${stem}.${kind}`, size, exportsFor(rng, kind, stem));
  }
}

function uniqueName(taken: Set<string>, make: () => string): string {
  let name = make();
  for (let i = 2; taken.has(name); i += 1) name = `${make()}${i}`;
  taken.add(name);
  return name;
}

function fileStem(rng: Random, kind: Kind): string {
  const a = rng.pick(NOUNS);
  const b = rng.pick(NOUNS);
  switch (kind) {
    case 'java':
      return className(rng);
    case 'py':
    case 'go':
      return rng.chance(0.5) ? `${a}_${b}` : a;
    case 'md':
      return rng.chance(0.5) ? `${a}-${b}` : a;
    default:
      return rng.chance(0.5) ? `${a}${capitalize(b)}` : `${a}-${b}`;
  }
}

function exportsFor(rng: Random, kind: Kind, stem: string): string[] {
  const count = rng.int(2, 6);
  const names = new Set<string>();
  if (kind === 'java') return [stem];
  if (kind === 'md' || kind === 'json') return [];
  while (names.size < count) {
    const name = functionName(rng);
    names.add(kind === 'go' ? capitalize(name) : name);
  }
  if (kind !== 'go' && rng.chance(0.5)) names.add(className(rng));
  return [...names];
}

function scaleSizes(files: PlannedFile[], totalBytes: number): void {
  const scalable = files.filter((f) => f.size > 0 && !f.path.endsWith('__init__.py'));
  const fixed = files.reduce((sum, f) => sum + (scalable.includes(f) ? 0 : f.size), 0);
  const current = scalable.reduce((sum, f) => sum + f.size, 0);
  // A renderer stops after the unit that crosses the target: about half a unit over, per file.
  const overshoot = scalable.length * 450;
  const factor = Math.max(0.01, (totalBytes - fixed - overshoot) / current);
  for (const file of scalable)
    file.size = Math.min(MAX_SIZE, Math.max(MIN_SIZE, Math.round(file.size * factor)));
}

const LOCAL_IMPORT_SHARE = 0.6;

function chooseImports(rng: Random, files: PlannedFile[]): void {
  const byKind = new Map<Kind, number[]>();
  files.forEach((file, index) => {
    if (file.exports.length === 0) return;
    const list = byKind.get(file.kind) ?? [];
    list.push(index);
    byKind.set(file.kind, list);
  });
  const positionOf = new Map<number, number>();
  for (const list of byKind.values())
    list.forEach((fileIndex, position) => positionOf.set(fileIndex, position));
  files.forEach((file, index) => {
    const candidates = byKind.get(file.kind);
    if (!candidates || file.exports.length === 0) return;
    const position = positionOf.get(index) ?? 0;
    const wanted = rng.int(0, 7);
    const seen = new Set<number>([index]);
    for (let attempt = 0; attempt < wanted * 3 && file.imports.length < wanted; attempt += 1) {
      const target = rng.chance(LOCAL_IMPORT_SHARE)
        ? candidates[clampIndex(position + rng.int(-12, 12), candidates.length)]
        : rng.pick(candidates);
      if (target === undefined || seen.has(target)) continue;
      // Go packages may not import their own directory.
      if (file.kind === 'go' && dirOf(files[target]!.path) === dirOf(file.path)) continue;
      seen.add(target);
      file.imports.push(target);
    }
  });
}

function clampIndex(i: number, length: number): number {
  return Math.min(length - 1, Math.max(0, i));
}

export function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}
