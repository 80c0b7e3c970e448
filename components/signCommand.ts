// The supply-chain program's command line, as an image's signatures resource (signatures.ts) runs it.

import { shellQuote } from "./shellQuote.ts";

export const SUPPLY_CHAIN_PROGRAM = "node --import tsx supply-chain/cli.ts";

/** The supply-chain program's `sign` command line: SBOMs and signatures of each platform's image, then of the list. */
export function signCommand(listRef: string, images: Readonly<Record<string, string>>, publicKeyFile: string): string {
    return [
        SUPPLY_CHAIN_PROGRAM, "sign", `--list ${shellQuote(listRef)}`,
        ...Object.entries(images).map(([platform, ref]) => `--image ${shellQuote(`${platform}=${ref}`)}`),
        `--public-key ${shellQuote(publicKeyFile)}`,
    ].join(" ");
}
