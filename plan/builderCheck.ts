// Moved to components/preflight/builderCheck.ts (issue 33: plan/ is pure). Only a forward, for tests/real/builders.test.ts, which
// another developer is editing: once it imports from components/preflight/, delete this file (tests/static/layers.test.ts
// allows it as a forward and nothing else).

export { builderProblem } from "../components/preflight/builderCheck.ts";
