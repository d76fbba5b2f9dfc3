import { fill } from './fill';
import type { PlannedFile } from './plan';
import type { Random } from './random';
import { capitalize, functionName, NOUNS, sentence, variableName } from './words';

/** Markdown documentation: headings, prose, lists and code samples. */
export function renderMarkdown(rng: Random, file: PlannedFile): string {
  const parts = [
    `# ${capitalize(rng.pick(NOUNS))} ${rng.pick(NOUNS)} guide\n\n${sentence(rng, 10, 20)}.\n\n`,
  ];
  const unit = () => {
    switch (rng.int(0, 3)) {
      case 0:
        return `## ${capitalize(rng.pick(NOUNS))} ${rng.pick(NOUNS)}\n\n`;
      case 1:
        return `${Array.from({ length: rng.int(2, 5) }, () => `${sentence(rng, 6, 18)}.`).join(' ')}\n\n`;
      case 2:
        return `${Array.from({ length: rng.int(2, 6) }, () => `- \`${functionName(rng)}\`: ${sentence(rng, 3, 8).toLowerCase()}\n`).join('')}\n`;
      default:
        return `\`\`\`ts\nconst ${variableName(rng)} = await ${functionName(rng)}('${rng.pick(NOUNS)}');\n\`\`\`\n\n`;
    }
  };
  return fill(parts, file.size, unit);
}

/** A JSON config or fixture file: an object of records, valid JSON. */
export function renderJson(rng: Random, file: PlannedFile): string {
  if (file.path === 'package.json') return packageJson();
  const records: Record<string, unknown> = {};
  let length = 0;
  while (length < file.size) {
    const key = `${rng.pick(NOUNS)}_${rng.int(1, 99_999)}`;
    const record = {
      id: rng.hex(12),
      [variableName(rng)]: rng.int(0, 100_000),
      label: sentence(rng, 2, 6),
      enabled: rng.chance(0.7),
      tags: [rng.pick(NOUNS), rng.pick(NOUNS)],
    };
    records[key] = record;
    length += JSON.stringify(record).length + key.length + 40;
  }
  return `${JSON.stringify({ version: 1, records }, null, 2)}\n`;
}

function packageJson(): string {
  const manifest = {
    name: '@acme/platform',
    private: true,
    type: 'module',
    scripts: { build: 'tsc -b', test: 'vitest run', lint: 'eslint .' },
    dependencies: { zod: '^4.0.0', pino: '^10.0.0', react: '^19.0.0', 'date-fns': '^4.1.0' },
    devDependencies: { typescript: '^5.9.0', vitest: '^4.0.0' },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
