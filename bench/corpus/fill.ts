/**
 * Appends units to `parts` until their length passes `target`; returns the text. Lengths
 * are counted in UTF-16 units, which equal bytes for the (mostly ASCII) generated code.
 */
export function fill(parts: string[], target: number, unit: () => string, footer = ''): string {
  let length = parts.reduce((sum, part) => sum + part.length, 0) + footer.length;
  while (length < target) {
    const next = unit();
    parts.push(next);
    length += next.length;
  }
  parts.push(footer);
  return parts.join('');
}

/** A file this one imports, with the names it takes from it. */
export interface ImportedModule {
  path: string;
  names: string[];
}
