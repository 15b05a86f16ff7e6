import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type BuildInfo, buildInfoFrom } from "../../provider/plugin/build-info.js";
import { repoRoot } from "./stack.ts";

/** The plugin's BuildInfo as the npm package's plugin reads it (package.json), optionally at another version. */
export function repoBuildInfo(version?: string): BuildInfo {
  const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
  return buildInfoFrom(version ? { ...pkg, version } : pkg);
}
