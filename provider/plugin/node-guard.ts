/**
 * The plugin's first import (`main.ts`): on a Node.js older than the floor it
 * prints one line naming both versions on stderr, which the Pulumi CLI shows
 * when the plugin fails to start, and exits.
 * @module
 */
import { exitUnlessSupportedNode } from "../../sdk/node-version.js";

// The CLI appends a plugin's output that exited early to its own sentence
// ("...dumped the STDOUT and STDERR streams of the plugin:"): start a new line.
exitUnlessSupportedNode("pulumi-resource-qstash (the QStash provider plugin)", { newlineFirst: true });
