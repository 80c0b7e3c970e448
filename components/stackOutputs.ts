// The stack outputs: what `pulumi stack output` shows a maintainer, and what the pins are copied from.

import * as pulumi from "@pulumi/pulumi";
import type { PlanEntry } from "../plan/plan.ts";
import { digestOf } from "../manifest-list/references.ts";
import type { Settings } from "../config/settings.ts";
import type { UnderworldBuild } from "../plan/underworldSource.ts";

/** What one image ended up as in this run: built, promoted, inherited by a promotion, pinned or unused (ref ""). */
export interface ImageResult {
    readonly entry: PlanEntry<string>;
    readonly ref: pulumi.Input<string>;
    readonly digest?: pulumi.Input<string>;
    readonly platformDigests?: pulumi.Input<Record<string, string>>;
    readonly parents?: pulumi.Input<Record<string, string>>;
    /** Platform -> digest whose image tests passed (built: this run's tests; promoted: the dev stack's record). */
    readonly testedDigests?: pulumi.Input<Record<string, string>>;
    /** Signatures and SBOM attestations this run made (signatures.ts); null when nothing was signed. */
    readonly signatures?: pulumi.Input<unknown>;
}

/**
 * The versions a stack is defined by, its `versions` output (scripts/stack-diff.ts compares them): the
 * configured ones, except underworld2's when it was built (`underworld`): a checkout's own version, and its commit.
 */
export function stackVersions(settings: Settings, underworld?: UnderworldBuild): Record<string, unknown> {
    const configured = settings.underworldSource.kind === "release" ? settings.versions.underworld : `checkout of ${settings.underworldSource.path}`;
    return {
        python: settings.versions.python,
        mpi: { flavour: settings.mpiFlavour, version: settings.versions.mpi },
        petsc: settings.versions.petsc,
        lavavu: settings.versions.lavavu,
        underworld: underworld?.version ?? configured,
        ...(underworld?.commit === undefined ? {} : { underworldCommit: underworld.commit }),
        baseOsImage: settings.baseOsImage,
    };
}

/** The outputs from every image's result (`results`, each image after its parents) and the stack's versions. */
export function stackOutputs(results: Readonly<Record<string, ImageResult>>, versions: Readonly<Record<string, unknown>>) {
    const names = Object.keys(results);
    const images = Object.fromEntries(names.map((name) => {
        const r = results[name]!;
        const ref = pulumi.output(r.ref);
        return [name, {
            action: r.entry.action,
            reason: r.entry.reason,
            tags: r.entry.action === "build" || r.entry.action === "promote" ? r.entry.listTags : [],
            ref: ref.apply((v) => v || null),
            digest: r.digest ?? ref.apply((v) => (v ? digestOf(v) : null)),
            platformDigests: r.platformDigests ?? {},
            parents: r.parents ?? {},
            testedDigests: r.testedDigests ?? {},
            signatures: r.signatures ?? null,
        }];
    }));

    // name -> repo@sha256:… for every image this stack stands on: `pulumi stack output digests --json`.
    const digests = pulumi.all(names.map((name) => pulumi.output(results[name]!.ref))).apply((refs) =>
        Object.fromEntries(names.map((name, i) => [name, refs[i]!]).filter(([, ref]) => ref !== "")));

    return { images, digests, versions };
}
