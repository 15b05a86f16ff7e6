/**
 * The devserver's first import (`index.ts`, `cli.ts`): on a Node.js older
 * than the floor it prints one line naming both versions and exits, before
 * undici loads and fails with a trace that names neither.
 * @module
 */
import { exitUnlessSupportedNode } from "../sdk/node-version.js";

exitUnlessSupportedNode("pulumi-qstash devserver");
