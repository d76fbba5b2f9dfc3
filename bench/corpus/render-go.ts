import type { ImportedModule } from './fill';
import { fill } from './fill';
import type { PlannedFile } from './plan';
import { dirOf, GO_MODULE } from './plan';
import type { Random } from './random';
import { capitalize, functionName, NOUNS, sentence, variableName } from './words';

/** The root go.mod that makes `GO_MODULE/...` imports resolve to repository directories. */
export function renderGoMod(): string {
  return `module ${GO_MODULE}\n\ngo 1.22\n\nrequire (\n\tgithub.com/google/uuid v1.6.0\n\tgo.uber.org/zap v1.27.0\n)\n`;
}

/** A Go source file: package clause, std and in-module imports, functions and a struct. */
export function renderGo(rng: Random, file: PlannedFile, imported: ImportedModule[]): string {
  if (file.path === 'go.mod') return renderGoMod();
  const pkg = packageOf(file.path);
  const aliases = new Set<string>();
  const local: string[] = [];
  const imports = ['"context"', '"fmt"'];
  for (const mod of imported) {
    const name = packageOf(mod.path);
    if (aliases.has(name) || name === pkg) continue;
    aliases.add(name);
    imports.push(`"${GO_MODULE}/${dirOf(mod.path)}"`);
    for (const exported of mod.names) local.push(`${name}.${exported}`);
  }
  const parts = [
    `// Package ${pkg}: ${sentence(rng).toLowerCase()}.\npackage ${pkg}\n\nimport (\n${imports.map((i) => `\t${i}\n`).join('')})\n\n`,
  ];
  const pending = [...file.exports];
  const unit = () =>
    rng.chance(0.15)
      ? structUnit(rng)
      : functionUnit(rng, pending.shift() ?? functionName(rng), local);
  return fill(parts, file.size, unit);
}

function packageOf(path: string): string {
  const dir = dirOf(path);
  return dir.slice(dir.lastIndexOf('/') + 1).replace(/[^a-z0-9]/g, '');
}

function functionUnit(rng: Random, name: string, callable: string[]): string {
  const id = `${rng.pick(NOUNS)}ID`;
  const lines = [
    `// ${name} ${sentence(rng).toLowerCase()}.`,
    `func ${name}(ctx context.Context, ${id} string) (map[string]any, error) {`,
  ];
  let last = id;
  for (let i = rng.int(3, 9); i > 0; i -= 1) {
    const v = `${variableName(rng)}${i}`;
    switch (rng.int(0, 4)) {
      case 0: {
        const callee =
          callable.length > 0 && rng.chance(0.6) ? rng.pick(callable) : functionName(rng);
        lines.push(
          `\t${v}, err := ${callee}(ctx, fmt.Sprint(${last}))`,
          '\tif err != nil {',
          `\t\treturn nil, fmt.Errorf("${sentence(rng, 3, 7).toLowerCase()}: %w", err)`,
          '\t}',
        );
        last = v;
        break;
      }
      case 1:
        lines.push(`\t// ${sentence(rng)}.`);
        break;
      case 2:
        lines.push(
          `\tfor i := 0; i < ${rng.int(2, 64)}; i++ {`,
          `\t\t_ = fmt.Sprintf("${rng.pick(NOUNS)}-%d-%v", i, ${last})`,
          '\t}',
        );
        break;
      case 3:
        lines.push(
          `\tif ${last} == nil {`,
          `\t\treturn nil, fmt.Errorf("${sentence(rng, 3, 8).toLowerCase()}")`,
          '\t}',
        );
        break;
      default:
        lines.push(
          `\t${v} := map[string]any{"${rng.pick(NOUNS)}": ${last}, "limit": ${rng.int(1, 900)}}`,
        );
        last = v;
    }
  }
  lines.push(`\treturn map[string]any{"result": ${last}}, nil`, '}', '', '');
  return lines.join('\n');
}

function structUnit(rng: Random): string {
  const name = capitalize(rng.pick(NOUNS)) + capitalize(rng.pick(NOUNS));
  const fields = Array.from({ length: rng.int(3, 8) }, () => {
    const field = capitalize(variableName(rng));
    return `\t${field} ${rng.pick(['string', 'int64', 'bool', 'time.Time', '[]string'])} \`json:"${field.toLowerCase()}"\`\n`;
  });
  return `// ${name} ${sentence(rng).toLowerCase()}.\ntype ${name} struct {\n${fields.join('')}}\n\n`;
}
