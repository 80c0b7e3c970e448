// An image's signatures, as a resource of its component: a command.local.Command that runs the supply-chain
// program's `sign` once the list is pushed (by digest only) and before its tags move: an SBOM attested and a
// signature for each tested platform image, then a signature for the list. New digests rerun it as an update;
// it has no delete step, so nothing signed is ever removed.

import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { SIGNING_VARIABLES } from "../supply-chain/signingKey.ts";
import type { SignedPublication } from "../supply-chain/signPublication.ts";
import { loginEnvironment } from "./listCommand.ts";
import { signCommand } from "./signCommand.ts";
import type { RegistryCredentials } from "./publishedList.ts";

/** The stack's signing key: the secret signingKey's PEM, or signingKeyFile; and the public key that verifies. */
export interface SigningArgs {
    readonly key: { readonly pem: pulumi.Input<string> } | { readonly file: string };
    readonly password?: pulumi.Input<string>;
    readonly publicKeyFile: string;
}

export function signatures(
    name: string,
    listRef: pulumi.Input<string>,
    images: pulumi.Input<Record<string, string>>,
    signing: SigningArgs,
    credentials: RegistryCredentials | undefined,
    opts: pulumi.CustomResourceOptions,
): { command: command.local.Command; signed: pulumi.Output<SignedPublication> } {
    const key: Record<string, pulumi.Input<string>> = "pem" in signing.key
        ? { [SIGNING_VARIABLES.key]: pulumi.secret(signing.key.pem) }
        : { [SIGNING_VARIABLES.keyFile]: signing.key.file };
    const resource = new command.local.Command(name, {
        create: pulumi.all([listRef, images]).apply(([list, refs]) => signCommand(list, refs, signing.publicKeyFile)),
        // The key, its password and the login reach the program through its environment, never its command line.
        environment: {
            ...key,
            ...(signing.password === undefined ? {} : { [SIGNING_VARIABLES.password]: pulumi.secret(signing.password) }),
            ...loginEnvironment(credentials),
        },
    }, opts);
    // The program prints progress on stderr, then what it signed as JSON on its last line.
    const signed = resource.stdout.apply((out) => {
        const last = out.trim().split("\n").pop() ?? "";
        try {
            return JSON.parse(last) as SignedPublication;
        } catch {
            throw new Error(`${name}: the supply-chain program printed no record of what it signed (last line: ${JSON.stringify(last)})`);
        }
    });
    return { command: resource, signed };
}
