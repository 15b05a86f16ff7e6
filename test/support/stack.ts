// The e2e tests' view of the shared Pulumi driver (tools/pulumi-stack.ts).
export * from "../../tools/pulumi-stack.ts";
