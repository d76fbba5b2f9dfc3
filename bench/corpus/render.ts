import type { ImportedModule } from './fill';
import type { PlannedFile } from './plan';
import type { Random } from './random';
import { renderMarkdown, renderJson } from './render-data';
import { renderGo } from './render-go';
import { renderJava } from './render-java';
import { renderPython } from './render-python';
import { renderScript } from './render-script';

/** Writes the content of one planned file, importing names from the files it depends on. */
export function renderFile(rng: Random, plan: readonly PlannedFile[], file: PlannedFile): string {
  const imported: ImportedModule[] = file.imports.flatMap((index) => {
    const target = plan[index];
    if (!target || target.exports.length === 0) return [];
    const count = Math.min(target.exports.length, rng.int(1, 3));
    return [{ path: target.path, names: target.exports.slice(0, count) }];
  });
  switch (file.kind) {
    case 'ts':
    case 'js':
      return renderScript(rng, file, imported);
    case 'py':
      return renderPython(rng, file, imported);
    case 'go':
      return renderGo(rng, file, imported);
    case 'java':
      return renderJava(rng, file, imported);
    case 'md':
      return renderMarkdown(rng, file);
    case 'json':
      return renderJson(rng, file);
  }
}
