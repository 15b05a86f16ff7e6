/**
 * The provider's first import (`index.ts`, `runtime.ts`): on a Node.js older
 * than the provider's floor it prints one line naming both versions and exits,
 * before @pulumi/pulumi or undici load and fail with a trace that names
 * neither.
 * @module
 */
import { exitUnlessSupportedNode } from "../sdk/node-version.js";

exitUnlessSupportedNode("pulumi-qstash (the Pulumi provider)");
