import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStack, loadProgram, pulumiVersion, type TestStack } from "../support/stack.ts";

const program = loadProgram<(name: string) => () => Promise<Record<string, unknown>>>("smoke.cjs");
const SECRET = "smoke-secret-value-7f3a";

describe("the real pulumi engine runs a dynamic provider end to end", () => {
  let t: TestStack;
  beforeAll(async () => {
    expect(pulumiVersion()).toMatch(/^v3\./);
    t = await createStack({
      project: "pq-smoke",
      program: program("world"),
      config: { "smoke:greeting": { value: "hi" }, "smoke:secret": { value: SECRET, secret: true } },
    });
  });
  afterAll(async () => t?.dispose());

  it("up creates the resource with outputs computed by configure()", async () => {
    const up = await t.up();
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges?.create).toBe(2);
    expect(up.outputs.message?.value).toBe("hi, world");
    expect(up.outputs.id?.value).toBe("greet-world");
  });

  it("preview after up shows no changes", async () => {
    const pv = await t.preview();
    expect(pv.changeSummary.same).toBe(2);
    expect(pv.changeSummary.create ?? 0).toBe(0);
    expect(pv.changeSummary.update ?? 0).toBe(0);
  });

  it("refresh keeps the resource and the exported state holds its outputs", async () => {
    await t.refresh();
    const state = JSON.parse(await t.exportState());
    const res = state.deployment.resources.find(
      (r: { type: string }) => r.type === "pulumi-nodejs:dynamic/smoke:Greeting",
    );
    expect(res.outputs.message).toBe("hi, world");
    // the state file holds config secrets as ciphertext only
    expect(t.stateFileText()).not.toContain(SECRET);
    expect(t.output.join("")).not.toContain(SECRET);
  });

  it("destroy removes everything", async () => {
    await t.destroy();
    const state = JSON.parse(await t.exportState());
    expect(state.deployment.resources ?? []).toHaveLength(0);
  });
});
