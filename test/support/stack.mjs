// The e2e tests' view of the shared Pulumi driver (scripts/lib/pulumi-stack.mjs).
export * from "../../scripts/lib/pulumi-stack.mjs";
