// `<platform>=<reference>` options (`--source`, `--image`, `--ref`): how the programs name one image per platform.

/** Parses each `<key>=<value>` of `option` (the value may hold "="); refuses a missing "=", a key twice, or none. */
export function platformReferences(values: readonly string[], option: string): Map<string, string> {
    const pairs = new Map<string, string>();
    for (const value of values) {
        const eq = value.indexOf("=");
        if (eq <= 0) throw new Error(`${option} "${value}" is not <platform>=<reference>`);
        const platform = value.slice(0, eq);
        if (pairs.has(platform)) throw new Error(`${option} names ${platform} twice`);
        pairs.set(platform, value.slice(eq + 1));
    }
    if (pairs.size === 0) throw new Error(`no ${option} given`);
    return pairs;
}
