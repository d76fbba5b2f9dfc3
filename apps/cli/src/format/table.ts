/**
 * Aligns rows into columns separated by two spaces. Columns listed in `rightAligned` (numbers)
 * are padded on the left; trailing spaces are trimmed. Widths count UTF-16 units, which is
 * right for the paths, keys and numbers shown here.
 */
export function formatTable(
  rows: string[][],
  rightAligned: ReadonlySet<number> = new Set(),
): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  }
  return rows.map((row) =>
    row
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        return rightAligned.has(i) ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd(),
  );
}
