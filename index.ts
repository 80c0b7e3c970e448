// The Underworld image stack. This file only runs the program and exports its outputs: the images and how
// they stand on each other are declared in config/images.ts; the decisions live in config/ and plan/ as
// plain, tested code, the resources in components/ (imageStack.ts creates one component per image).

import { imageStack } from "./components/imageStack.ts";

const outputs = await imageStack();
export const images = outputs.images;
export const digests = outputs.digests;
export const versions = outputs.versions;
