/** Escapes text that is shown as is, so names cannot turn into Markdown markup. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>()#+!|~]/g, '\\$&');
}

/** A fenced code block. */
export function codeBlock(language: string, code: string): string {
  return `\`\`\`${language}\n${code.replace(/\n$/, '')}\n\`\`\``;
}

/** A Markdown table. Cells are Markdown already (escape user text first); pipes and line breaks are neutralised. */
export function table(header: string[], rows: string[][]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** Money in US dollars, to the cent; amounts under a cent say so. */
export function dollars(amount: number): string {
  if (amount > 0 && amount < 0.005) return 'less than $0.01';
  return `$${amount.toFixed(2)}`;
}

/** A unit price as published, without rounding ($0.0004). */
export function unitPrice(amount: number): string {
  return `$${Number(amount.toPrecision(6))}`;
}
