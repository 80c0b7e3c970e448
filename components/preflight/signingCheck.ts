// Checks of the stack's signing keys before anything is built: the public key exists, the private key opens
// with its password, and the two are a pair (otherwise every signature would fail its own verification
// after the images were built); syft, which writes the SBOMs, is installed.

import * as fs from "node:fs";
import { publicKeyOf } from "../../supply-chain/cosign.ts";
import { tool } from "../../supply-chain/tool.ts";
import type { Settings } from "../../config/settings.ts";

const KEY = "underworld-images";

/** The private key as the stack holds it: the secret signingKey's PEM (decrypted in-process) and its password. */
export interface SigningSecrets {
    readonly pem?: string;
    readonly password?: string;
}

function pemOf(text: string): string {
    return text.replace(/\r/g, "").trim();
}

export async function signingProblems(settings: Settings, secrets: SigningSecrets): Promise<string[]> {
    const publicKeyFile = settings.signingPublicKey;
    if (publicKeyFile === undefined) return [];
    if (!fs.existsSync(publicKeyFile)) return [`${KEY}:signingPublicKey: ${publicKeyFile} does not exist (the cosign.pub of cosign generate-key-pair)`];
    if (!settings.signs) return [];

    const keyName = settings.signingKeyFile === undefined ? "signingKey" : "signingKeyFile";
    if (settings.signingKeyFile !== undefined && !fs.existsSync(settings.signingKeyFile)) return [`${KEY}:signingKeyFile: ${settings.signingKeyFile} does not exist`];
    const pem = settings.signingKeyFile === undefined ? secrets.pem ?? "" : fs.readFileSync(settings.signingKeyFile, "utf8");
    const problems: string[] = [];
    try {
        const derived = await publicKeyOf({ pem, password: secrets.password ?? "" });
        if (pemOf(derived) !== pemOf(fs.readFileSync(publicKeyFile, "utf8"))) {
            problems.push(`${KEY}:${keyName}: its public key is not the one in signingPublicKey (${publicKeyFile}): they are not a pair, so nothing it signs would verify`);
        }
    } catch (error) {
        problems.push(`${KEY}:${keyName}: cosign cannot open it with signingKeyPassword (${(error as Error).message.split("\n").pop()}); set the password with \`pulumi config set --secret signingKeyPassword\``);
    }
    try {
        await tool("syft", ["version"], { needs: "syft (scripts/setup.sh installs it), which writes each image's SBOM" });
    } catch (error) {
        problems.push(`${KEY}:${keyName}: signing needs SBOMs, and ${(error as Error).message}`);
    }
    return problems;
}
