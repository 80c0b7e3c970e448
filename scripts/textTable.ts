// Rows of text cells as aligned columns, for the scripts' human-readable tables.

/** Each row's cells padded to their column's width, two spaces apart, trailing spaces trimmed. */
export function textTable(rows: ReadonlyArray<readonly string[]>): string[] {
    const widths: number[] = [];
    for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
    return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd());
}
