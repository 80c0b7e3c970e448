// SBOMs with syft (https://github.com/anchore/syft), which reads an image straight from its registry: the
// Debian packages, the Python packages of the venv, and the SPDX records the images write of what they
// compile from source (PETSc). SPDX JSON, the format cosign attests as `spdxjson`.

import { speaksPlainHttp } from "../manifest-list/oras.ts";
import { registryEnvironment, type RegistryLogin } from "./registryLogin.ts";
import { tool } from "./tool.ts";

/** An image's layers can be large: pulling and reading them is minutes, not hours. */
const TIMEOUT_MS = 30 * 60_000;

/** Writes the SPDX JSON SBOM of `reference` (an image pinned by digest) to `file`. */
export async function writeSbom(reference: string, file: string, registry: RegistryLogin): Promise<void> {
    const host = reference.split("/")[0]!;
    await registryEnvironment(registry, (env) => tool("syft", ["scan", `registry:${reference}`, "--select-catalogers", "+sbom-cataloger", "--output", `spdx-json=${file}`, "--quiet"], {
        needs: "syft (scripts/setup.sh installs it)",
        timeout: TIMEOUT_MS,
        env: {
            ...env,
            SYFT_CHECK_FOR_APP_UPDATE: "false",
            // Loopback registries speak plain HTTP, as for every other tool here.
            ...(speaksPlainHttp(host) ? { SYFT_REGISTRY_INSECURE_USE_HTTP: "true" } : {}),
        },
    }));
}

/** Package name (lower case) -> the versions an SPDX document lists for it. */
export function sbomPackages(spdx: unknown): Map<string, string[]> {
    const packages = ((spdx as { packages?: { name?: string; versionInfo?: string }[] }).packages) ?? [];
    const result = new Map<string, string[]>();
    for (const p of packages) {
        if (typeof p.name !== "string") continue;
        const name = p.name.toLowerCase();
        result.set(name, [...(result.get(name) ?? []), p.versionInfo ?? ""]);
    }
    return result;
}
