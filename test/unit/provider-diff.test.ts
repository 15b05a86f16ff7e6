/**
 * The handlers' `diff` (no QStash call): a connection override is compared by
 * where it leads, not how it is spelt, and a replacement that keeps the
 * object's name or id deletes first, in the dynamic provider and the plugin.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { qstashProvider } from "../../provider/plugin/provider.js";
import { configure, handler } from "../../provider/runtime.js";
import { repoBuildInfo } from "../support/build-info.js";

const URL_A = "http://127.0.0.1:18080";
const URL_B = "http://127.0.0.1:18081";
const TOKEN = "diff-token-0a1b2c";

describe("diff of a connection override and of a replacement", () => {
  const queue = handler("Queue");
  const schedule = handler("Schedule");
  const endpoint = handler("Endpoint");
  const q = { name: "emails2", parallelism: 3, paused: false };
  const s = {
    destination: "http://127.0.0.1:9/a",
    cron: "0 4 * * *",
    derivedScheduleId: "pulumi-abc",
    scheduleId: "pulumi-abc",
  };

  beforeAll(async () => {
    await configure({ config: { get: (k) => ({ "qstash:url": URL_A, "qstash:token": TOKEN })[k] } });
  });

  it("an override that resolves to the provider's own QStash is an in-place update, not a replace", async () => {
    const d = await queue.diff("emails2", q, { ...q, connection: { url: URL_A, token: TOKEN } });
    expect(d).toEqual({ changes: true, replaces: [] });
    expect(await queue.diffDetailed("emails2", q, { ...q, connection: { url: `${URL_A}/` } })).toEqual({
      changes: true,
      replaces: [],
      diffs: ["connection"],
    });
    // a region next to a URL is ignored, as the client ignores it
    const sd = await schedule.diff("pulumi-abc", s, {
      ...s,
      scheduleId: undefined,
      connection: { region: "eu-central-1", url: URL_A },
    });
    expect(sd).toEqual({ changes: true, replaces: [] });
  });

  it("either spelling of a region is the same place", async () => {
    const olds = { ...q, connection: { region: "us-east-1" } };
    expect(await queue.diff("emails2", olds, { ...q, connection: { region: "US_EAST_1" } })).toEqual({
      changes: true,
      replaces: [],
    });
  });

  it("a move to another QStash under the same name deletes first", async () => {
    const d = await queue.diff("emails2", q, { ...q, connection: { url: URL_B } });
    expect(d).toEqual({ changes: true, replaces: ["connection"], deleteBeforeReplace: true });
    // a region override leaves the provider's URL for the region's host
    const r = await queue.diff("emails2", q, { ...q, connection: { region: "us-east-1" } });
    expect(r).toMatchObject({ replaces: ["connection"], deleteBeforeReplace: true });
    const sd = await schedule.diff("pulumi-abc", s, {
      ...s,
      scheduleId: undefined,
      connection: { url: URL_B },
    });
    expect(sd).toMatchObject({ replaces: ["connection"], deleteBeforeReplace: true });
  });

  it("a replacement under a new name or id creates first (no gap in deliveries)", async () => {
    expect(await queue.diff("emails2", q, { ...q, name: "emails3" })).toEqual({
      changes: true,
      replaces: ["name"],
    });
    const sd = await schedule.diff("pulumi-abc", s, { ...s, scheduleId: "mine.1" });
    expect(sd).toEqual({ changes: true, replaces: ["scheduleId"] });
    // a new name and a new place: nothing is shared, so still create-first
    const both = await queue.diff("emails2", q, { ...q, name: "emails3", connection: { url: URL_B } });
    expect(both.deleteBeforeReplace).toBeUndefined();
  });

  it("an endpoint that keeps its name (or its URL) in the same group deletes first", async () => {
    const e = { urlGroup: "g", url: "http://127.0.0.1:9/a", name: "a" };
    expect(await endpoint.diff("g/a", e, { ...e, url: "http://127.0.0.1:9/b" })).toMatchObject({
      replaces: ["url"],
      deleteBeforeReplace: true,
    });
    expect(await endpoint.diff("g/a", e, { ...e, name: "b" })).toMatchObject({
      replaces: ["name"],
      deleteBeforeReplace: true,
    });
    const other = await endpoint.diff("g/a", e, { ...e, urlGroup: "h" });
    expect(other).toEqual({ changes: true, replaces: ["urlGroup"] });
  });

  it("the plugin answers with the same decision", async () => {
    const p = qstashProvider(repoBuildInfo("0.0.0-test"));
    const urn = "urn:pulumi:dev::proj::qstash:index:Queue::emails";
    expect(
      await p.diffDetailed("emails2", urn, q, { ...q, connection: { url: URL_A, token: TOKEN } }),
    ).toEqual({
      changes: true,
      replaces: [],
      diffs: ["connection"],
    });
    expect(await p.diffDetailed("emails2", urn, q, { ...q, connection: { url: URL_B } })).toEqual({
      changes: true,
      replaces: ["connection"],
      diffs: ["connection"],
      deleteBeforeReplace: true,
    });
  });
});
