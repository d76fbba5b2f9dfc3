import type { ImportedModule } from './fill';
import { fill } from './fill';
import type { PlannedFile } from './plan';
import { dirOf } from './plan';
import type { Random } from './random';
import { capitalize, className, functionName, NOUNS, sentence, variableName } from './words';

const PACKAGES = ['zod', 'node:path', 'node:crypto', 'lodash-es', 'date-fns', 'react', 'pino'];

/** A TypeScript or JavaScript module: imports, then functions, types and classes. */
export function renderScript(rng: Random, file: PlannedFile, imported: ImportedModule[]): string {
  const ts = file.kind === 'ts';
  const parts = [`// ${sentence(rng)}.\n`];
  if (rng.chance(0.4))
    parts.push(
      `import ${rng.pick(['{ z }', 'path', '{ randomUUID }', 'pino'])} from '${rng.pick(PACKAGES)}';\n`,
    );
  for (const mod of imported) parts.push(importLine(rng, ts, file.path, mod));
  parts.push('\n');

  const callable = imported.flatMap((mod) => mod.names.filter((n) => /^[a-z]/.test(n)));
  const pending = [...file.exports];
  const unit = () => {
    const name = pending.shift();
    if (name && /^[A-Z]/.test(name)) return classUnit(rng, ts, name, callable);
    if (ts && rng.chance(0.15)) return typeUnit(rng);
    return functionUnit(rng, ts, name ?? functionName(rng), name !== undefined, callable);
  };
  return fill(parts, file.size, unit);
}

function importLine(rng: Random, ts: boolean, from: string, mod: ImportedModule): string {
  let specifier = relativeSpecifier(dirOf(from), mod.path.replace(/\.(ts|js)$/, ''));
  if (ts ? rng.chance(0.2) : rng.chance(0.5)) specifier += '.js';
  const names = mod.names.join(', ');
  if (!ts && rng.chance(0.3)) return `const { ${names} } = require('${specifier}');\n`;
  return `import { ${names} } from '${specifier}';\n`;
}

/** `../billing/ledger` from `web/app/src/orders` to `web/app/src/billing/ledger`. */
export function relativeSpecifier(fromDir: string, target: string): string {
  const from = fromDir === '' ? [] : fromDir.split('/');
  const to = target.split('/');
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common += 1;
  const up = from.length - common;
  const rest = to.slice(common).join('/');
  return up === 0 ? `./${rest}` : `${'../'.repeat(up)}${rest}`;
}

function functionUnit(
  rng: Random,
  ts: boolean,
  name: string,
  exported: boolean,
  callable: string[],
): string {
  const id = `${rng.pick(NOUNS)}Id`;
  const resultType = capitalize(rng.pick(NOUNS)) + capitalize(rng.pick(NOUNS));
  const signature = ts
    ? `(${id}: string, options: { limit?: number; dryRun?: boolean } = {}): Promise<${resultType} | null>`
    : `(${id}, options = {})`;
  return [
    `/**\n * ${sentence(rng)}.\n * @param ${id} ${sentence(rng, 3, 6).toLowerCase()}\n */\n`,
    `${exported ? 'export ' : ''}async function ${name}${signature} {\n`,
    body(rng, callable, id, '  '),
    '}\n\n',
  ].join('');
}

function body(rng: Random, callable: string[], id: string, indent: string): string {
  const lines: string[] = [];
  const count = rng.int(3, 10);
  let last = id;
  for (let i = 0; i < count; i += 1) {
    const v = variableName(rng);
    const callee = callable.length > 0 && rng.chance(0.6) ? rng.pick(callable) : functionName(rng);
    switch (rng.int(0, 6)) {
      case 0:
        lines.push(`const ${v}${i} = await ${callee}(${last}, { limit: ${rng.int(1, 500)} });`);
        last = `${v}${i}`;
        break;
      case 1:
        lines.push(`if (!${last}) {`, `  throw new Error('${sentence(rng)}');`, '}');
        break;
      case 2:
        lines.push(
          `for (const item of ${last}?.items ?? []) {`,
          `  total += item.${rng.pick(NOUNS)}Count * ${rng.int(2, 99)};`,
          '}',
        );
        break;
      case 3:
        lines.push(
          `logger.${rng.pick(['info', 'debug', 'warn'])}({ ${id} }, '${sentence(rng, 3, 8).toLowerCase()}');`,
        );
        break;
      case 4:
        lines.push(`// ${sentence(rng)}.`);
        break;
      case 5:
        lines.push(
          `const ${v}${i} = ${last} ? ${callee}(${last}) : options.limit ?? ${rng.int(10, 1000)};`,
        );
        last = `${v}${i}`;
        break;
      default:
        lines.push(
          `options.dryRun && console.log(\`${rng.pick(NOUNS)} \${${id}}: ${sentence(rng, 2, 5).toLowerCase()}\`);`,
        );
    }
  }
  lines.push(`return ${last} ?? null;`);
  return lines.map((line) => `${indent}${line}\n`).join('');
}

function typeUnit(rng: Random): string {
  const name = capitalize(rng.pick(NOUNS)) + capitalize(rng.pick(NOUNS));
  const fields = Array.from(
    { length: rng.int(3, 9) },
    () =>
      `  ${variableName(rng)}${rng.chance(0.3) ? '?' : ''}: ${rng.pick(['string', 'number', 'boolean', 'Date', 'string[]'])};\n`,
  );
  return `/** ${sentence(rng)}. */\nexport interface ${name} {\n${fields.join('')}}\n\n`;
}

function classUnit(rng: Random, ts: boolean, name: string, callable: string[]): string {
  const methods = Array.from({ length: rng.int(2, 5) }, () => {
    const method = functionName(rng);
    const arg = `${rng.pick(NOUNS)}Id`;
    return `  async ${method}(${arg}${ts ? ': string' : ''}) {\n${body(rng, callable, arg, '    ')}  }\n`;
  });
  const field = ts ? `  private readonly cache = new Map<string, ${className(rng)}>();\n\n` : '';
  return `/** ${sentence(rng)}. */\nexport class ${name} {\n${field}${methods.join('\n')}}\n\n`;
}
