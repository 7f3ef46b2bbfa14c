// Tables: Markdown, padded so they read in a terminal too. A cell without a figure says why, never a guess.

export interface Table {
  title: string;
  headers: string[];
  rows: string[][];
  /** Lines printed under the table (how it was measured, what was skipped and why). */
  notes: string[];
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}

export function renderTable(table: Table): string {
  const widths = table.headers.map((header, column) =>
    Math.max([...header].length, ...table.rows.map((row) => [...(row[column] ?? '')].length), 3),
  );
  const line = (cells: string[]) => `| ${cells.map((cell, column) => pad(cell, widths[column] ?? 3)).join(' | ')} |`;
  const out = [
    `### ${table.title}`,
    '',
    line(table.headers),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
  ];
  for (const row of table.rows) out.push(line(row));
  if (table.notes.length > 0) out.push('', ...table.notes.map((note) => `- ${note}`));
  return out.join('\n');
}

export function notMeasured(reason: string): string {
  return `not measured: ${reason}`;
}
