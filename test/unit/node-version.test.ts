// The Node.js floor of the Node-only entries is declared once (sdk/node-version.ts),
// held to the dependencies that set it, checked first by every such entry, and
// stated by the README. test/install/node20.test.ts runs the packed package on Node 20.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NODE_MINIMUM, nodeAtLeast, nodeVersionProblem } from "../../sdk/node-version.js";
import { repoRoot } from "../support/stack.ts";

const read = (path: string) => readFileSync(join(repoRoot, path), "utf8");

/** The lower bound of an `engines.node` range such as ">=22.19.0" or ">=22", as x.y.z. */
function lowerBound(range: string): string {
  const m = /^>=\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
  if (!m) throw new Error(`engines.node "${range}" is not a plain ">=" range; teach this test to read it`);
  return `${m[1]}.${m[2] ?? 0}.${m[3] ?? 0}`;
}

const enginesOf = (pkg: string): string =>
  (JSON.parse(read(`node_modules/${pkg}/package.json`)) as { engines: { node: string } }).engines.node;

describe("the Node.js floor is declared once and held to what sets it", () => {
  it("NODE_MINIMUM is the highest floor among undici's and @pulumi/pulumi's engines", () => {
    const floors = ["undici", "@pulumi/pulumi"].map((p) => lowerBound(enginesOf(p)));
    const highest = floors.reduce((a, b) => (nodeAtLeast(a, b) ? b : a));
    expect(NODE_MINIMUM).toBe(highest);
  });

  it("the Node.js that scripts/env.sh installs meets it", () => {
    const pin = /local node_pin="([\d.]+)"/.exec(read("scripts/env.sh"))?.[1];
    expect(pin).toBeDefined();
    expect(nodeAtLeast(NODE_MINIMUM, pin)).toBe(true);
  });

  it("package.json engines is the floor of the receiver and the client, the Node.js the tests install", () => {
    const engines = (JSON.parse(read("package.json")) as { engines: { node: string } }).engines.node;
    const tested = /local pin="([\d.]+)"/.exec(read("scripts/test-deps.sh"))?.[1];
    expect(tested).toBeDefined();
    expect(lowerBound(engines).split(".")[0]).toBe(tested!.split(".")[0]);
    expect(nodeAtLeast(NODE_MINIMUM, tested)).toBe(false);
  });
});

describe("nodeAtLeast / nodeVersionProblem", () => {
  it("compares major, minor and patch as numbers", () => {
    expect(nodeAtLeast("22.19.0", "22.19.0")).toBe(true);
    expect(nodeAtLeast("22.19.0", "22.18.9")).toBe(false);
    expect(nodeAtLeast("22.19.0", "22.100.0")).toBe(true);
    expect(nodeAtLeast("22.19.0", "23.0.0")).toBe(true);
    expect(nodeAtLeast("22.19.0", "v22.19.1")).toBe(true);
    expect(nodeAtLeast("22.19.0", "20.20.2")).toBe(false);
    expect(nodeAtLeast("22.19.0", "9.99.99")).toBe(false);
    expect(nodeAtLeast("22.19.0", "")).toBe(false);
  });

  it("says nothing on a new enough Node.js, this one included", () => {
    expect(nodeVersionProblem("x", NODE_MINIMUM)).toBeUndefined();
    expect(nodeVersionProblem("x")).toBeUndefined();
  });

  it("refuses an older one in one line naming the entry, both versions and the node binary", () => {
    const line = nodeVersionProblem("pulumi-qstash devserver", "20.20.2");
    expect(line).toBeDefined();
    expect(line).not.toContain("\n");
    expect(line).toContain("pulumi-qstash devserver");
    expect(line).toContain(`>= ${NODE_MINIMUM}`);
    expect(line).toContain("20.20.2");
    expect(line).toContain(process.execPath);
  });
});

describe("every Node-only entry checks the version before it loads anything else", () => {
  const firstImport = (path: string) => /^import\s[^;]*;/m.exec(read(path))?.[0];
  for (const entry of [
    "provider/index.ts",
    "provider/runtime.ts",
    "provider/plugin/main.ts",
    "devserver/index.ts",
    "devserver/cli.ts",
  ]) {
    it(`${entry} imports ./node-guard.js first`, () => {
      expect(firstImport(entry)).toBe('import "./node-guard.js";');
    });
  }

  it("bin/pulumi-qstash.cjs requires the check before anything else", () => {
    const first = /require\("([^"]+)"\)/.exec(read("bin/pulumi-qstash.cjs"))?.[1];
    expect(first).toBe("../dist/cjs/sdk/node-version.js");
  });

  it("the guards refuse through the one check, each naming its entry", () => {
    for (const [guard, entry] of [
      ["provider/node-guard.ts", "pulumi-qstash (the Pulumi provider)"],
      ["provider/plugin/node-guard.ts", "pulumi-resource-qstash (the QStash provider plugin)"],
      ["devserver/node-guard.ts", "pulumi-qstash devserver"],
    ] as const) {
      expect(read(guard)).toContain(`exitUnlessSupportedNode(${JSON.stringify(entry)}`);
    }
  });
});

describe('the README\'s "Runtimes and versions" table says what the code and the tests hold', () => {
  const readme = read("README.md");
  const start = readme.indexOf("## Runtimes and versions");
  const section = readme.slice(start, readme.indexOf("\n## ", start + 5));
  /** Node.js cell and tests cell of the row whose entry cell starts with `entry`. */
  const row = (entry: string) => {
    const line = section.split("\n").find((l) => l.startsWith(`| ${entry}`));
    expect(line, `a row for ${entry}`).toBeDefined();
    const cells = line!.split("|").map((c) => c.trim());
    return { node: cells[2]!, tests: cells[4]! };
  };

  it("the Node-only entries name NODE_MINIMUM", () => {
    for (const entry of ["`pulumi-qstash`,", "plugin `pulumi-resource-qstash`", "`pulumi-qstash/devserver`"])
      expect(row(entry).node).toMatch(new RegExp(`^>= ${NODE_MINIMUM.replace(/\./g, "\\.")}\\b`));
  });

  it("the receiver and the client start at the engines floor, and name NODE_MINIMUM where undici takes over", () => {
    const floor = lowerBound(
      (JSON.parse(read("package.json")) as { engines: { node: string } }).engines.node,
    );
    const major = floor.split(".")[0]!;
    expect(row("`pulumi-qstash/receiver`").node).toMatch(new RegExp(`^${major}, `));
    expect(row("`pulumi-qstash/client`").node).toMatch(
      new RegExp(`^${major} .*${NODE_MINIMUM.replace(/\./g, "\\.")}`),
    );
  });

  it("every test file a row names exists", () => {
    const named = [...section.matchAll(/`(test\/[\w./-]+)`/g)].map((m) => m[1]!);
    expect(named).toContain("test/install/node20.test.ts");
    for (const path of named) expect(existsSync(join(repoRoot, path)), path).toBe(true);
  });
});
