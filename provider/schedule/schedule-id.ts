import { createHash } from "node:crypto";

/**
 * The derived schedule id from its parts. The provider plugin derives it from
 * the URN, so a schedule moved from the dynamic provider keeps its id. Kept
 * apart from resource.ts so the plugin's bundle carries no Pulumi program SDK.
 * @internal
 */
export function scheduleIdFrom(project: string, stack: string, parent: string, resourceName: string): string {
  const key = `${project}/${stack}/qstash:Schedule/${parent}/${resourceName}`;
  return `pulumi-${createHash("sha256").update(key).digest("hex").slice(0, 24)}`;
}
