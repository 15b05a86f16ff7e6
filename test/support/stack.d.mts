export * from "../../scripts/lib/pulumi-stack.mjs";
