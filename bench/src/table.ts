/** A Markdown table with aligned columns: the first left-aligned, the others right-aligned. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => [...(row[column] ?? '')].length)));
  const pad = (cell: string, column: number): string => {
    const room = (widths[column] ?? 0) - [...cell].length;
    return column === 0 ? cell + ' '.repeat(room) : ' '.repeat(room) + cell;
  };
  const line = (row: readonly string[]) => `| ${row.map((cell, column) => pad(cell, column)).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (column === 0 ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** `12,345` */
export const whole = (value: number): string => grouped.format(value);
/** `6.13` */
export const fixed = (value: number, digits = 2): string => value.toFixed(digits);
