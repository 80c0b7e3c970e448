// Records what a signed stack's signatures and SBOMs say, read back from the registry with the public key
// alone: each list and platform image verified, and the key packages each image's SBOM names, checked against
// the versions the stack outputs record (PETSc and petsc4py against `petsc`, lavavu, Underworld) and listed
// for the rest. Writes bench/supply-chain.md; exits non-zero when a signature or a version does not hold.
//
// Usage: node --import tsx bench/supply-chain.ts <stack> <public key> [output of that stack's deploy]

import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_DIR } from "../config/projectConfig.ts";
import { verifiedSboms, verify } from "../supply-chain/cosign.ts";
import { sbomPackages } from "../supply-chain/sbom.ts";
import { tool } from "../supply-chain/tool.ts";

const [stack, publicKey, deployLog] = process.argv.slice(2);
if (stack === undefined || publicKey === undefined) {
    console.error("usage: bench/supply-chain.ts <stack> <public key> [deploy log]");
    process.exit(2);
}

const KEY_PACKAGES = ["petsc", "petsc4py", "mpi4py", "h5py", "lavavu", "underworld", "numpy", "python3"];
/** What each image must hold, as its SBOM names it: its own software and its parents'. */
const PETSC = ["petsc", "petsc4py", "mpi4py"];
const BASE = [...PETSC, "h5py", "lavavu"];
const HOLDS: Record<string, string[]> = { lavavu: ["lavavu"], petsc: PETSC, base: BASE, underworld2: [...BASE, "underworld"] };
interface StackImage {
    ref: string | null;
    platformDigests: Record<string, string>;
    signatures: { list: { signature: string }; platforms: Record<string, { signature: string; sbom: { digest: string; attestation: string } }> } | null;
}

const outputs = JSON.parse(await tool("pulumi", ["stack", "output", "--json", "-s", stack])) as {
    images: Record<string, StackImage>; versions: { petsc: string; lavavu: string; underworld: string };
};
const expected: Record<string, string> = {
    petsc: outputs.versions.petsc, petsc4py: outputs.versions.petsc, lavavu: outputs.versions.lavavu, underworld: outputs.versions.underworld,
};
const commit = (await tool("git", ["rev-parse", "--short", "HEAD"])).trim();
const seconds = new Map([...(deployLog ? fs.readFileSync(deployLog, "utf8") : "").matchAll(/command:local:Command (\S+)-signatures (?:created|updated) \(([\d.]+)s\)/g)]
    .map((m) => [m[1]!, Number(m[2])]));

const problems: string[] = [];
const rows: string[] = [];
for (const [name, image] of Object.entries(outputs.images)) {
    if (image.ref === null || image.signatures === null) {
        problems.push(`${name}: the stack records no signatures`);
        continue;
    }
    const repository = image.ref.split("@")[0]!;
    await verify(image.ref, publicKey, undefined).catch((error: Error) => problems.push(error.message));
    for (const [platform, digest] of Object.entries(image.platformDigests)) {
        const ref = `${repository}@${digest}`;
        await verify(ref, publicKey, undefined).catch((error: Error) => problems.push(error.message));
        const [sbom] = await verifiedSboms(ref, publicKey, undefined);
        const packages = sbomPackages(sbom);
        for (const p of HOLDS[name] ?? []) {
            const versions = packages.get(p) ?? [];
            if (versions.length === 0 || (expected[p] !== undefined && !versions.includes(expected[p]!))) {
                problems.push(`${name} ${platform}: its SBOM names ${p} ${JSON.stringify(versions)}; expected ${expected[p] ?? "it"}`);
            }
        }
        const found = KEY_PACKAGES.map((p) => (packages.get(p) ?? []).join(", ") || "–");
        rows.push(`| ${name} | ${platform} | ${packages.size} | ${found.join(" | ")} | ${image.signatures.platforms[platform]?.sbom.digest.slice(0, 19)}… |`);
    }
}

const lines = [
    "# Signatures and SBOMs of the real stack",
    "",
    `Recorded by \`bench/supply-chain.ts\` on ${new Date().toISOString().slice(0, 10)} at commit ${commit}, from stack \`${stack}\`: every list and`,
    "platform image verified with the public key alone (`cosign verify`), and each image's SBOM read back from its",
    "verified attestation (`cosign verify-attestation`). Versions are what the SBOM names; the stack records",
    `PETSc ${outputs.versions.petsc}, lavavu ${outputs.versions.lavavu}, Underworld ${outputs.versions.underworld}.`,
    "",
    `| image | platform | packages in the SBOM | ${KEY_PACKAGES.join(" | ")} | SBOM digest |`,
    `|---|---|---|${KEY_PACKAGES.map(() => "---|").join("")}---|`,
    ...rows,
    "",
    ...(seconds.size === 0 ? [] : ["Signing (SBOMs, attestations, signatures) per image, from the deploy's log: "
        + [...seconds].map(([image, s]) => `${image} ${s.toFixed(0)} s`).join(", ") + ".", ""]),
    problems.length === 0 ? "Every signature verified; every SBOM names the versions the stack records." : `Problems:\n${problems.map((p) => `- ${p}`).join("\n")}`,
    "",
];
fs.writeFileSync(path.join(PROJECT_DIR, "bench", "supply-chain.md"), lines.join("\n"));
console.log(lines.join("\n"));
if (problems.length > 0) process.exitCode = 1;
