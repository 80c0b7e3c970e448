// Words for /bin/sh: the command lines of the project's programs that the command resources run.

/** Single-quotes a word for /bin/sh. */
export function shellQuote(word: string): string {
    return `'${word.replace(/'/g, `'\\''`)}'`;
}
