export * from "../../tools/pulumi-stack.mjs";
