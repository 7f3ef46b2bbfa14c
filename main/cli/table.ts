// Tables as gh and kubectl print them: a header row, columns aligned with two spaces between them,
// no borders, so `grep` and `awk` still work on the lines. Widths come from the plain text, so colour
// never shifts a column. One column may be marked to shrink (a file name) to fit the terminal.
import { PLAIN, type Palette } from './color.ts';
import { truncateName } from './words.ts';

export type Cell = string | { text: string; style: Parameters<Palette['paint']>[0] };

export interface TableOptions {
  palette?: Palette;
  /** The terminal's width; the `shrink` column gives way first. */
  maxWidth?: number;
  shrink?: number;
}

const GAP = '  ';

function textOf(cell: Cell): string {
  return typeof cell === 'string' ? cell : cell.text;
}

export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
  options: TableOptions = {},
): string {
  const paint = (options.palette ?? PLAIN).paint;
  const texts = rows.map((row) => row.map(textOf));
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...texts.map((row) => (row[column] ?? '').length)),
  );
  const { maxWidth, shrink } = options;
  if (maxWidth !== undefined && shrink !== undefined && widths[shrink] !== undefined) {
    const total = widths.reduce((sum, width) => sum + width, 0) + GAP.length * (widths.length - 1);
    const over = total - maxWidth;
    if (over > 0) widths[shrink] = Math.max(headers[shrink]!.length, 12, widths[shrink]! - over);
  }
  const last = headers.length - 1;
  const line = (cells: readonly { text: string; style: Parameters<Palette['paint']>[0] | null }[]) =>
    cells
      .map(({ text, style }, column) => {
        const fitted = column === shrink ? truncateName(text, widths[column]!) : text;
        const padded = column === last ? fitted : fitted.padEnd(widths[column]!);
        return style ? paint(style, padded) : padded;
      })
      .join(GAP)
      .trimEnd();
  const out = [line(headers.map((header) => ({ text: header.toUpperCase(), style: 'bold' as const })))];
  for (const row of rows) {
    out.push(
      line(
        headers.map((_, column) => {
          const cell = row[column] ?? '';
          return typeof cell === 'string' ? { text: cell, style: null } : cell;
        }),
      ),
    );
  }
  return `${out.join('\n')}\n`;
}
