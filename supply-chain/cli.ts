// The supply-chain program: run by each image's signatures resource, by promotion's check, and by the tests.
//
//   sign   --list <registry/repo@sha256:…> --image <platform>=<registry/repo@sha256:…>... --public-key <file>
//          SBOM, attestation and signature for each image, then the list's signature; prints them as JSON
//   verify --public-key <file> <registry/repo@sha256:…>...      refuses what that key did not sign
//   sboms  --public-key <file> <registry/repo@sha256:…>         the packages of its verified SBOMs, as JSON
//
// The private key comes from the environment (signingKey.ts). Registry logins
// as the manifest-list program's: Docker's, unless REGISTRY_USERNAME / REGISTRY_PASSWORD give one.

import { parseArgs } from "node:util";
import { loginFromEnvironment } from "../manifest-list/login.ts";
import { platformReferences } from "../manifest-list/platformReferences.ts";
import { verifiedSboms, verify } from "./cosign.ts";
import { sbomPackages } from "./sbom.ts";
import { signingKeyFromEnvironment } from "./signingKey.ts";
import { signPublication } from "./signPublication.ts";

const USAGE = `usage:
  supply-chain sign   --list <registry/repo@sha256:…> --image <platform>=<registry/repo@sha256:…> [--image …] --public-key <file>
  supply-chain verify --public-key <file> <registry/repo@sha256:…> [more references]
  supply-chain sboms  --public-key <file> <registry/repo@sha256:…>`;

async function main(argv: string[]): Promise<string> {
    const { positionals, values } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
            list: { type: "string" },
            image: { type: "string", multiple: true, default: [] },
            "public-key": { type: "string" },
        },
    });
    const [command, ...references] = positionals;
    const publicKeyFile = values["public-key"];
    if (publicKeyFile === undefined) throw new Error(`--public-key is required\n${USAGE}`);
    const login = loginFromEnvironment(process.env);
    const registryOf = (ref: string) => (login === undefined ? undefined : { host: ref.split("/")[0]!, login });
    const log = (line: string) => process.stderr.write(`supply-chain: ${line}\n`);
    switch (command) {
        case "sign": {
            if (values.list === undefined) throw new Error(`sign needs --list\n${USAGE}`);
            const images = Object.fromEntries(platformReferences(values.image, "--image"));
            return JSON.stringify(await signPublication(values.list, images, { key: signingKeyFromEnvironment(process.env), publicKeyFile, login, log }));
        }
        case "verify":
            if (references.length === 0) throw new Error(`verify needs a reference\n${USAGE}`);
            for (const ref of references) {
                await verify(ref, publicKeyFile, registryOf(ref));
                log(`verified ${ref}`);
            }
            return "verified";
        case "sboms": {
            if (references.length !== 1) throw new Error(`sboms needs one reference\n${USAGE}`);
            const sboms = await verifiedSboms(references[0]!, publicKeyFile, registryOf(references[0]!));
            return JSON.stringify(sboms.map((s) => Object.fromEntries(sbomPackages(s))));
        }
        default:
            throw new Error(`unknown command "${command ?? ""}"\n${USAGE}`);
    }
}

main(process.argv.slice(2)).then(
    (out) => console.log(out),
    (error: Error) => {
        console.error(`supply-chain: ${error.message}`);
        process.exitCode = 1;
    },
);
