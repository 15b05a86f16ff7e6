/**
 * Shared by the reliability tests: the 100-resource mixed program, the
 * stack's resources as the state file records them, and the comparison of a
 * devserver's inventory with that state (no duplicate, no orphan, no loss).
 */
import { expect } from "vitest";
import type { DevServerInventory } from "../../devserver/index.js";
import type { TestStack } from "../support/stack.ts";

export type Kind = "Queue" | "UrlGroup" | "Endpoint" | "Schedule";
export interface ResourceSpec {
  type: Kind;
  name: string;
  args: Record<string, unknown>;
  secret?: string[];
  destinationRef?: string;
}
export interface Spec {
  resources: ResourceSpec[];
  signingKeys?: boolean;
}

/** A header value every schedule carries, for the secrets audit. */
export const SECRET_HEADER = "rel-secret-header-7d1f00ba";

/**
 * `n` resources, a quarter of each kind: queues, URL groups with two
 * endpoints, Endpoint resources spread over five shared groups, and schedules
 * (every fourth one targets a URL group of this program).
 */
export function mixedSpec(n: number, hook: string, tag = "r"): Spec {
  const resources: ResourceSpec[] = [];
  const per = Math.ceil(n / 4);
  for (let i = 0; i < per && resources.length < n; i++)
    resources.push({
      type: "Queue",
      name: `${tag}-q${i}`,
      args: { name: `${tag}-q${i}`, parallelism: 1 + (i % 4), paused: i % 5 === 0 },
    });
  for (let i = 0; i < per && resources.length < n; i++)
    resources.push({
      type: "UrlGroup",
      name: `${tag}-g${i}`,
      args: {
        name: `${tag}-g${i}`,
        endpoints: [
          { url: `${hook}/g${i}/a`, name: "a" },
          { url: `${hook}/g${i}/b`, name: "b" },
        ],
      },
    });
  for (let i = 0; i < per && resources.length < n; i++)
    resources.push({
      type: "Endpoint",
      name: `${tag}-e${i}`,
      args: { urlGroup: `${tag}-shared${i % 5}`, url: `${hook}/e${i}`, name: `e${i}` },
    });
  for (let i = 0; resources.length < n; i++) {
    const toGroup = i % 4 === 3 && i / 4 < per;
    resources.push({
      type: "Schedule",
      name: `${tag}-s${i}`,
      ...(toGroup ? { destinationRef: `${tag}-g${Math.floor(i / 4)}` } : {}),
      args: {
        ...(toGroup ? {} : { destination: `${hook}/s${i}` }),
        cron: `${i % 60} * * * *`,
        headers: { "X-Secret": SECRET_HEADER },
        retries: i % 4,
        paused: i % 7 === 0,
      },
    });
  }
  return { resources };
}

/** n schedules and nothing else (rate limit and scale runs). */
export function scheduleSpec(n: number, hook: string, tag = "s"): Spec {
  return {
    resources: Array.from({ length: n }, (_, i) => ({
      type: "Schedule" as const,
      name: `${tag}${i}`,
      args: { destination: `${hook}/s${i}`, cron: `${i % 60} * * * *` },
    })),
  };
}

export interface StateResource {
  kind: Kind;
  name: string;
  id: string;
  outputs: Record<string, any>;
}

/** The package's resources in the stack's state file (pending operations are not resources). */
export function stateResources(t: TestStack): StateResource[] {
  const d = JSON.parse(t.stateFileText()).checkpoint.latest;
  return ((d?.resources ?? []) as any[])
    .filter((r) => /:dynamic\/qstash:|dynamic:Resource/.test(r.type) && !r.delete)
    .map((r) => ({
      kind: String(r.type).split(":").pop() as Kind,
      name: String(r.urn).split("::").pop()!,
      id: r.id,
      outputs: r.outputs ?? {},
    }));
}

/** Pending operations left in the state (a crashed update). */
export function pendingOperations(t: TestStack): { type: string; urn: string }[] {
  const d = JSON.parse(t.stateFileText()).checkpoint.latest;
  return ((d?.pending_operations ?? []) as any[]).map((o) => ({ type: o.type, urn: o.resource?.urn }));
}

const sorted = <T>(a: T[]) => [...a].sort();
const endpointKeys = (eps: unknown) =>
  sorted(((eps as { name?: string; url: string }[]) ?? []).map((e) => `${e.name ?? ""} ${e.url}`));

/**
 * The devserver holds exactly what the state says, and the state holds
 * exactly what the program declares: same queues, schedules, URL groups and
 * endpoints, with the program's settings; nothing extra on either side.
 */
export function expectInventoryMatches(inv: DevServerInventory, state: StateResource[], spec: Spec): void {
  const of = (k: Kind) => state.filter((r) => r.kind === k);
  const want = (k: Kind) => spec.resources.filter((r) => r.type === k);
  // the state holds every declared resource once
  expect(sorted(state.map((r) => `${r.kind} ${r.name}`))).toEqual(
    sorted(spec.resources.map((r) => `${r.type} ${r.name}`)),
  );
  // queues
  expect(sorted(inv.queues.map((q) => q.name as string))).toEqual(sorted(of("Queue").map((r) => r.id)));
  for (const r of want("Queue")) {
    const q = inv.queues.find((x) => x.name === r.args.name);
    expect(q, `queue ${r.name}`).toMatchObject({
      ...(r.args.parallelism !== undefined ? { parallelism: r.args.parallelism } : {}),
      paused: Boolean(r.args.paused),
    });
  }
  // schedules: one per resource, under the id the state recorded
  const ids = inv.schedules.map((s) => s.scheduleId as string);
  expect(new Set(ids).size).toBe(ids.length);
  expect(sorted(ids)).toEqual(sorted(of("Schedule").map((r) => r.outputs.scheduleId as string)));
  expect(sorted(of("Schedule").map((r) => r.id))).toEqual(sorted(ids));
  for (const r of of("Schedule")) {
    const decl = want("Schedule").find((s) => s.name === r.name)!;
    const s = inv.schedules.find((x) => x.scheduleId === r.id)!;
    expect(s, `schedule ${r.name}`).toMatchObject({
      cron: decl.args.cron,
      retries: decl.args.retries ?? 3,
      isPaused: Boolean(decl.args.paused),
    });
  }
  // URL groups: the UrlGroup resources' groups and the Endpoint resources' groups, nothing else
  const groupsFromState = new Set([
    ...of("UrlGroup").map((r) => r.id),
    ...of("Endpoint").map((r) => r.outputs.urlGroup as string),
  ]);
  expect(sorted(inv.urlGroups.map((g) => g.name as string))).toEqual(sorted([...groupsFromState]));
  for (const r of want("UrlGroup")) {
    const g = inv.urlGroups.find((x) => x.name === r.args.name);
    expect(endpointKeys(g?.endpoints), `group ${r.name}`).toEqual(endpointKeys(r.args.endpoints));
  }
  const shared = new Map<string, string[]>();
  for (const r of want("Endpoint")) {
    const k = r.args.urlGroup as string;
    shared.set(k, [...(shared.get(k) ?? []), `${r.args.name ?? ""} ${r.args.url}`]);
  }
  for (const [group, eps] of shared) {
    const g = inv.urlGroups.find((x) => x.name === group);
    expect(endpointKeys(g?.endpoints), `shared group ${group}`).toEqual(sorted(eps));
  }
}

/** A promise that resolves once `cond()` holds (polling), or rejects after `ms`. */
export async function until(cond: () => boolean, ms = 60_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
