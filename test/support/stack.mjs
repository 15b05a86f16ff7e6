// The e2e tests' view of the shared Pulumi driver (tools/pulumi-stack.mjs).
export * from "../../tools/pulumi-stack.mjs";
