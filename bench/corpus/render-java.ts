import type { ImportedModule } from './fill';
import { fill } from './fill';
import type { PlannedFile } from './plan';
import { dirOf } from './plan';
import type { Random } from './random';
import { functionName, NOUNS, sentence, variableName } from './words';

const JAVA_ROOT = 'src/main/java/';

/** A Java class: package clause, imports of sibling classes, then methods. */
export function renderJava(rng: Random, file: PlannedFile, imported: ImportedModule[]): string {
  const name = file.exports[0] ?? 'Unnamed';
  const imports = ['import java.util.List;', 'import java.util.Optional;'];
  for (const mod of imported)
    imports.push(
      `import ${mod.path.slice(JAVA_ROOT.length, -'.java'.length).replaceAll('/', '.')};`,
    );
  const fields = imported.map((mod) => {
    const type = mod.names[0] ?? 'Object';
    return `    private final ${type} ${type.charAt(0).toLowerCase()}${type.slice(1)};\n`;
  });
  const pkg = dirOf(file.path).slice(JAVA_ROOT.length).replaceAll('/', '.');
  const parts = [
    `package ${pkg};\n\n${imports.join('\n')}\n\n/**\n * ${sentence(rng)}.\n */\npublic final class ${name} {\n`,
    fields.join(''),
    '\n',
  ];
  const collaborators = fields.map((f) => /(\w+);\n$/.exec(f)?.[1] ?? 'this');
  return fill(parts, file.size, () => methodUnit(rng, collaborators), '}\n');
}

function methodUnit(rng: Random, collaborators: string[]): string {
  const id = `${rng.pick(NOUNS)}Id`;
  const lines = [
    `    /** ${sentence(rng)}. */`,
    `    public Optional<String> ${functionName(rng)}(String ${id}, int limit) {`,
  ];
  let last = id;
  for (let i = rng.int(3, 9); i > 0; i -= 1) {
    const v = `${variableName(rng)}${i}`;
    switch (rng.int(0, 4)) {
      case 0: {
        const target =
          collaborators.length > 0 && rng.chance(0.7) ? `${rng.pick(collaborators)}.` : '';
        lines.push(
          `        String ${v} = String.valueOf(${target}${functionName(rng)}(${last}, limit));`,
        );
        last = v;
        break;
      }
      case 1:
        lines.push(
          `        if (${last} == null) {`,
          `            throw new IllegalStateException("${sentence(rng)}");`,
          '        }',
        );
        break;
      case 2:
        lines.push(`        // ${sentence(rng)}.`);
        break;
      case 3:
        lines.push(
          `        for (int i = 0; i < ${rng.int(2, 64)}; i++) {`,
          `            log.debug("${rng.pick(NOUNS)} {} {}", i, ${last});`,
          '        }',
        );
        break;
      default:
        lines.push(
          `        List<String> ${v} = List.of(${last}, "${rng.pick(NOUNS)}", "${rng.pick(NOUNS)}");`,
        );
        last = `${v}.get(0)`;
    }
  }
  lines.push(`        return Optional.ofNullable(${last});`, '    }', '', '');
  return lines.join('\n');
}
