import type { ImportedModule } from './fill';
import { fill } from './fill';
import type { PlannedFile } from './plan';
import { dirOf } from './plan';
import type { Random } from './random';
import { functionName, NOUNS, sentence, variableName } from './words';

/** A Python module: absolute and relative imports, functions and classes. */
export function renderPython(rng: Random, file: PlannedFile, imported: ImportedModule[]): string {
  if (file.path.endsWith('__init__.py')) return `"""${sentence(rng)}."""\n`.padEnd(file.size, '\n');
  const parts = [`"""${sentence(rng)}.\n\n${sentence(rng)}.\n"""\n\n`];
  parts.push(
    rng.pick([
      'import logging\n',
      'import json\nimport logging\n',
      'from dataclasses import dataclass\n',
    ]),
  );
  for (const mod of imported)
    parts.push(`from ${moduleName(file.path, mod.path)} import ${mod.names.join(', ')}\n`);
  parts.push('\nlog = logging.getLogger(__name__)\n\n\n');

  const callable = imported.flatMap((mod) => mod.names.filter((n) => /^[a-z]/.test(n)));
  const pending = [...file.exports];
  const unit = () => {
    const name = pending.shift();
    if (name && /^[A-Z]/.test(name)) return classUnit(rng, name, callable);
    return functionUnit(rng, snake(name ?? `_${functionName(rng)}`), callable, '');
  };
  return fill(parts, file.size, unit);
}

/** `services.billing.ledger` or `.ledger`, the way a Python codebase mixes both. */
function moduleName(fromPath: string, targetPath: string): string {
  const target = targetPath.replace(/\.py$/, '');
  if (dirOf(target) === dirOf(fromPath)) return `.${target.slice(target.lastIndexOf('/') + 1)}`;
  return target.replace(/^src\//, '').replaceAll('/', '.');
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function functionUnit(rng: Random, name: string, callable: string[], indent: string): string {
  const id = `${rng.pick(NOUNS)}_id`;
  const self = indent ? 'self, ' : '';
  const lines = [
    `def ${name}(${self}${id}: str, *, limit: int = ${rng.int(10, 500)}) -> dict | None:`,
    `    """${sentence(rng)}."""`,
  ];
  let last = id;
  for (let i = rng.int(3, 10); i > 0; i -= 1) {
    const v = snake(variableName(rng));
    const callee =
      callable.length > 0 && rng.chance(0.6) ? snake(rng.pick(callable)) : snake(functionName(rng));
    switch (rng.int(0, 5)) {
      case 0:
        lines.push(`    ${v} = ${callee}(${last}, limit=limit)`);
        last = v;
        break;
      case 1:
        lines.push(`    if not ${last}:`, `        raise ValueError("${sentence(rng)}")`);
        break;
      case 2:
        lines.push(
          `    for item in ${last} or []:`,
          `        total += item.get("${rng.pick(NOUNS)}_count", 0) * ${rng.int(2, 99)}`,
        );
        break;
      case 3:
        lines.push(`    log.info("${sentence(rng, 3, 8).toLowerCase()}: %s", ${id})`);
        break;
      case 4:
        lines.push(`    # ${sentence(rng)}.`);
        break;
      default:
        lines.push(
          `    ${v} = {"${rng.pick(NOUNS)}": ${last}, "limit": limit, "retries": ${rng.int(1, 9)}}`,
        );
        last = v;
    }
  }
  lines.push(`    return ${last}`);
  return `${lines.map((line) => indent + line).join('\n')}\n\n\n`;
}

function classUnit(rng: Random, name: string, callable: string[]): string {
  const methods = Array.from({ length: rng.int(2, 5) }, () =>
    functionUnit(rng, snake(functionName(rng)), callable, '    '),
  );
  return `class ${name}:\n    """${sentence(rng)}."""\n\n${methods.join('')}`;
}
