/** One line of the results table. */
export interface Row {
  what: string;
  measure: string;
  /** The measured figure, as printed. */
  figure: string;
  /** The baseline from the same run, or '—'. */
  baseline: string;
  /** figure ÷ baseline, or '—'. */
  ratio: string;
  target: string;
  /** true met, false missed, null when there is no target. */
  met: boolean | null;
  /** Short note: what was counted, or the measured figure when a target is missed. */
  note?: string;
}

const HEADER = ['what', 'measure', 'figure', 'baseline (same run)', 'ratio', 'target', 'met?'];

function cells(row: Row): string[] {
  const verdict = row.met === null ? '—' : row.met ? 'yes' : `**no**`;
  return [row.what, row.measure, row.figure, row.baseline, row.ratio, row.target, verdict];
}

/** The rows as a Markdown table (what the doc holds and the console prints). */
export function markdownTable(rows: readonly Row[]): string {
  const escape = (cell: string) => cell.replaceAll('|', '\\|');
  const lines = [`| ${HEADER.join(' | ')} |`, `|${HEADER.map(() => '---').join('|')}|`];
  for (const row of rows) lines.push(`| ${cells(row).map(escape).join(' | ')} |`);
  return lines.join('\n');
}

/** The notes of rows that have one, numbered after their row. */
export function rowNotes(rows: readonly Row[]): string[] {
  return rows.flatMap((row) =>
    row.note ? [`- **${row.what}** (${row.measure}): ${row.note}`] : [],
  );
}

export function ratio(figure: number, baseline: number, digits = 2): string {
  if (!Number.isFinite(figure) || !Number.isFinite(baseline) || baseline === 0) return 'n/a';
  return `${(figure / baseline).toFixed(digits)}×`;
}
