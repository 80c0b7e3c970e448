// How the supply-chain program is given the private key: through its environment, never its arguments,
// which logs and `ps` show. The stack's signingKey (a secret) arrives as the PEM, signingKeyFile as a path.

import * as fs from "node:fs";
import type { SigningKey } from "./cosign.ts";

export const SIGNING_VARIABLES = { key: "UW_SIGNING_KEY", keyFile: "UW_SIGNING_KEY_FILE", password: "UW_SIGNING_KEY_PASSWORD" } as const;

export function signingKeyFromEnvironment(env: NodeJS.ProcessEnv): SigningKey {
    const file = env[SIGNING_VARIABLES.keyFile];
    const pem = env[SIGNING_VARIABLES.key] || (file ? fs.readFileSync(file, "utf8") : undefined);
    if (!pem) throw new Error(`no signing key: set ${SIGNING_VARIABLES.key} (the PEM) or ${SIGNING_VARIABLES.keyFile} (its path)`);
    return { pem, password: env[SIGNING_VARIABLES.password] ?? "" };
}
