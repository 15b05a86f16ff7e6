/**
 * examples/key-rotation: the program's `handlerEnvironment` output configures
 * the handler; a rotation keeps deliveries verifying with that old
 * configuration (new current = old next), `pulumi up` then hands the handler
 * the new pair, and skipping that redeploy across two rotations is what breaks.
 */

import { Client } from "pulumi-qstash/client";
import { type DevServer, startDevServer } from "pulumi-qstash/devserver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHandler, type HandlerEnvironment } from "../../examples/key-rotation/handler.js";
import { createStack, type TestStack } from "../support/stack.ts";
import { loadExampleProgram, projectName, type Served, serveFetch } from "./support.js";

const DIR = "key-rotation";
const project = projectName(DIR);

describe("examples/key-rotation", () => {
  let dev: DevServer;
  let client: Client;
  let app: Served;
  let t: TestStack;
  let scheduleId: string;
  // what is "deployed": the handler built from the last `pulumi up`'s output
  let deployed: (request: Request) => Promise<Response>;

  const deploy = async (): Promise<HandlerEnvironment> => {
    const up = await t.up();
    expect(up.outputs.handlerEnvironment?.secret).toBe(true);
    const env = up.outputs.handlerEnvironment!.value as HandlerEnvironment;
    deployed = createHandler(env);
    scheduleId = up.outputs.heartbeatScheduleId!.value as string;
    return env;
  };
  const fire = async (): Promise<number> => {
    const [messageId] = dev.clock.trigger(scheduleId);
    await dev.settle(10_000);
    return dev.deliveries.findLast((d) => d.messageId === messageId)!.status;
  };

  beforeAll(async () => {
    // fast retries: a refused delivery is retried 3 times before it counts as failed
    dev = await startDevServer({ port: 0, token: "rotation-token-19bc", retryBackoff: () => 20 });
    client = new Client({ baseUrl: dev.url, token: dev.token });
    app = await serveFetch(() => deployed);
    t = await createStack({
      project,
      stack: "dev",
      program: await loadExampleProgram(DIR),
      config: {
        "qstash:url": { value: dev.url },
        "qstash:token": { value: dev.token, secret: true },
        [`${project}:handlerUrl`]: { value: `${app.url}/api/qstash` },
      },
    });
  });

  afterAll(async () => {
    await t?.dispose();
    await client?.close();
    await app?.close();
    await dev?.close();
  });

  it("the handler's environment comes from getSigningKeysOutput, as a secret", async () => {
    const env = await deploy();
    expect(env).toEqual({
      QSTASH_CURRENT_SIGNING_KEY: dev.currentSigningKey,
      QSTASH_NEXT_SIGNING_KEY: dev.nextSigningKey,
    });
    expect(t.stateFileText()).not.toContain(dev.currentSigningKey);
    expect(await fire()).toBe(200);
  });

  it("after a rotation, deliveries signed with the new current key still verify with the old environment", async () => {
    const before = { current: dev.currentSigningKey, next: dev.nextSigningKey };
    const rotated = await client.signingKeys.rotate();
    expect(rotated.current).toBe(before.next);
    expect(dev.currentSigningKey).toBe(before.next);
    expect(await fire()).toBe(200);
  });

  it("pulumi up picks up the rotated pair, ready for the next rotation", async () => {
    const env = await deploy();
    expect(env.QSTASH_CURRENT_SIGNING_KEY).toBe(dev.currentSigningKey);
    expect(env.QSTASH_NEXT_SIGNING_KEY).toBe(dev.nextSigningKey);
    expect(await fire()).toBe(200);
    await client.signingKeys.rotate();
    expect(await fire()).toBe(200);
  });

  it("two rotations without a redeploy in between are refused", async () => {
    await client.signingKeys.rotate();
    expect(await fire()).toBe(401);
    await deploy();
    expect(await fire()).toBe(200);
  });
});
