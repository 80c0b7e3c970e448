// A published image chain in a FakeRegistry, labelled as the Dockerfiles label theirs (each image's version,
// and the parents it was built FROM), and the outputs a dev stack that built it would hold.

import { LABELS } from "../../plan/promotion.ts";
import type { FakeRegistry } from "./fakeRegistry.ts";

export interface FakeChain {
    /** Undefined in a chain labelled the old way, which predates the toolchain. */
    readonly toolchain?: string;
    readonly lavavu: string;
    readonly petsc: string;
    readonly base: string;
    readonly underworld2: string;
}

/**
 * The toolchain, lavavu and petsc, base FROM them, underworld2 FROM base: `<host>/<namespace>/<image>@<list digest>`
 * each, labelled as the Dockerfiles label them (every parent in the project's parents label). With
 * `labelled: "old way"`, as images were labelled before that label and the toolchain: no toolchain, base's
 * parents in its revision label, underworld2's in its base-name label.
 */
export function putChain(registry: FakeRegistry, namespace: string, platforms: readonly string[],
    underworld = { version: "2.18.0.dev0", revision: "0123abc" }, labelled: "parents label" | "old way" = "parents label"): FakeChain {
    const put = (image: string, labels: Record<string, string>) => registry.putImageList(`${namespace}/${image}`, platforms, labels);
    const uw = { [LABELS.version]: underworld.version, [LABELS.revision]: underworld.revision };
    if (labelled === "old way") {
        const lavavu = put("lavavu", { [LABELS.version]: "1.9.10" });
        const petsc = put("petsc", { [LABELS.version]: "3.22.2-ompi" });
        const base = put("base", { [LABELS.base]: petsc, [LABELS.revision]: `lavavu=${lavavu} petsc=${petsc}` });
        return { lavavu, petsc, base, underworld2: put("underworld2", { ...uw, [LABELS.base]: base }) };
    }
    const toolchain = put("toolchain", {});
    const lavavu = put("lavavu", { [LABELS.version]: "1.9.10", [LABELS.parents]: `TOOLCHAIN_IMAGE=${toolchain}` });
    const petsc = put("petsc", { [LABELS.version]: "3.22.2-ompi", [LABELS.parents]: `TOOLCHAIN_IMAGE=${toolchain}` });
    const base = put("base", { [LABELS.base]: petsc, [LABELS.parents]: `PETSC_IMAGE=${petsc} LAVAVU_IMAGE=${lavavu} TOOLCHAIN_IMAGE=${toolchain}` });
    const underworld2 = put("underworld2", { ...uw, [LABELS.base]: base, [LABELS.parents]: `BASE_IMAGE=${base} TOOLCHAIN_IMAGE=${toolchain}` });
    return { toolchain, lavavu, petsc, base, underworld2 };
}

/** The images of a list in the FakeRegistry: platform -> digest. */
export async function listPlatforms(ref: string): Promise<Record<string, string>> {
    const [host, ...rest] = ref.split("/");
    const [repository, digest] = rest.join("/").split("@");
    const response = await fetch(`http://${host}/v2/${repository}/manifests/${digest}`);
    const list = await response.json() as { manifests: Array<{ digest: string; platform: { os: string; architecture: string } }> };
    return Object.fromEntries(list.manifests.map((m) => [`${m.platform.os}/${m.platform.architecture}`, m.digest]));
}

/** The outputs of a dev stack that built `chain` and tested `tested` (platform -> digest) of underworld2. */
export function devStackOutputs(chain: FakeChain, tested: Record<string, string>): Record<string, unknown> {
    return {
        digests: { ...chain },
        images: { underworld2: { action: "build", ref: chain.underworld2, digest: chain.underworld2.split("@")[1], testedDigests: tested, parents: { BASE_IMAGE: chain.base } } },
        versions: {
            python: "3.11", mpi: { flavour: "ompi", version: "4.1.4" }, petsc: "3.22.2", lavavu: "1.9.10",
            underworld: "2.18.0.dev0", underworldCommit: "0123abc", baseOsImage: "debian:bookworm-slim",
        },
    };
}
