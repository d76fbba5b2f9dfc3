import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time of one function (or one area) in a CPU profile. */
export interface ProfileEntry {
  name: string;
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  functions: ProfileEntry[];
  areas: ProfileEntry[];
  /** Areas by inclusive time: samples with the area anywhere on the stack. */
  areasInclusive: ProfileEntry[];
}

/** Where a frame's code lives: a package, a codesync file, Node itself, or V8/native. */
function areaOf(url: string, functionName: string): string {
  if (!url)
    return functionName.startsWith('(') ? functionName : `native: ${functionName || '(anonymous)'}`;
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return `package ${pkg}`;
  const own = /\/(packages\/core\/src|apps\/[^/]+\/src)\/(.+)$/.exec(url);
  if (own) return `${own[1]}/${own[2]}`;
  if (url.startsWith('node:')) return 'node internals';
  return url;
}

function shortUrl(url: string): string {
  return url
    .replace(/^file:\/\/.*?\/(packages|apps|node_modules)\//, '$1/')
    .replace(/node_modules\/\.pnpm\/[^/]+\/node_modules\//, '');
}

/** Sums self time per function and per area; idle time is left out of the shares. */
export function summariseProfile(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const functions = new Map<string, number>();
  const areas = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  const stackAreas = (id: number) => {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (frame && frame.url) seen.add(areaOf(frame.url, frame.functionName));
    }
    return seen;
  };
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (!node || node.callFrame.functionName === '(idle)') return;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = url
      ? `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`
      : functionName || '(anonymous)';
    functions.set(name, (functions.get(name) ?? 0) + ms);
    const area = areaOf(url, functionName);
    areas.set(area, (areas.get(area) ?? 0) + ms);
    for (const onStack of stackAreas(id))
      inclusive.set(onStack, (inclusive.get(onStack) ?? 0) + ms);
    total += ms;
  });
  const rank = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, selfMs]) => ({ name, selfMs, share: selfMs / total }));
  return {
    totalMs: total,
    functions: rank(functions),
    areas: rank(areas),
    areasInclusive: rank(inclusive),
  };
}
