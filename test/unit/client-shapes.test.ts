import { describe, expect, expectTypeOf, it } from "vitest";
import * as z from "zod/mini";
import * as shape from "../../sdk/client/internal/shapes.js";
import type * as R from "../../sdk/client/responses.js";
import * as S from "../fixtures/client-schemas.js";

// The client describes each response once, in shapes.ts: a small run-time
// check (zod stays out of edge bundles) whose type is the public response
// type. These tests hold it to an independent zod reading of the same API:
// the same required fields, the same result on the same answers, the same types.

type Pair = [name: string, schema: z.ZodMiniType, check: shape.Shape<unknown>];
const objects: Pair[] = [
  ["messageId", S.messageIdSchema, shape.messageId],
  ["scheduleId", S.scheduleIdSchema, shape.scheduleId],
  ["schedule", S.scheduleSchema, shape.schedule],
  ["urlGroup", S.urlGroupSchema, shape.urlGroup],
  ["queue", S.queueSchema, shape.queue],
  ["signingKeys", S.signingKeysSchema, shape.signingKeys],
  ["message", S.messageSchema, shape.message],
  ["cancelled", S.cancelledSchema, shape.cancelled],
  ["dlqMessage", S.dlqMessageSchema, shape.dlqMessage],
  ["dlqPage", S.dlqPageSchema, shape.dlqPage],
  ["dlqDeleted", S.dlqDeletedSchema, shape.dlqDeleted],
  ["dlqRetried", S.dlqRetriedSchema, shape.dlqRetried],
  ["log", S.logSchema, shape.log],
  ["logPage", S.logPageSchema, shape.logPage],
  ["flowControlInfo", S.flowControlInfoSchema, shape.flowControlInfo],
  ["globalParallelism", S.globalParallelismSchema, shape.globalParallelism],
];

/** The object schema inside a pipe (schema → transform). */
function objectOf(schema: z.ZodMiniType): z.ZodMiniObject {
  const def = schema._zod.def as { type: string; in?: z.ZodMiniType };
  return (def.type === "pipe" ? def.in! : schema) as z.ZodMiniObject;
}

/** Fields the schema cannot do without, with their JSON type. */
function requiredOf(schema: z.ZodMiniType): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, field] of Object.entries(objectOf(schema)._zod.def.shape)) {
    const t = (field as z.ZodMiniType)._zod.def.type;
    if (t === "string" || t === "number") out[k] = t;
    else if (t !== "optional" && t !== "default" && t !== "pipe") out[k] = t;
  }
  return out;
}

const sample = (): Record<string, unknown> => ({
  messageId: "msg_1",
  scheduleId: "s1",
  cron: "* * * * *",
  destination: "http://127.0.0.1:9/x",
  createdAt: 1,
  time: 2,
  state: "DELIVERED",
  url: "http://127.0.0.1:9/x",
  name: "grp",
  current: "sig_a",
  next: "sig_b",
  cancelled: 1,
  deleted: 2,
  dlqId: "d1",
  flowControlKey: "k",
  topicName: "grp",
  rate: 5,
  extra: { kept: true },
});

describe("response checks and zod schemas describe the same shapes", () => {
  it.each(objects)("%s: the same required fields", (_n, schema, check) => {
    expect(check.required).toEqual(requiredOf(schema));
  });

  it.each(objects)("%s: the same result on a full answer, extra fields kept", (_n, schema, check) => {
    const full = {
      ...sample(),
      endpoints: [{ url: "http://127.0.0.1:9/a", name: "a" }],
      messages: [{ ...sample() }],
      responses: [{ messageId: "m2" }],
      events: [{ ...sample() }],
      parallelismMax: 3,
    };
    expect(check(structuredClone(full))).toEqual(schema.parse(structuredClone(full)));
  });

  it.each(objects)("%s: the same result when QStash leaves out what it may", (_n, schema, check) => {
    const required = Object.fromEntries(Object.keys(check.required ?? {}).map((k) => [k, sample()[k]]));
    expect(check(structuredClone(required))).toEqual(schema.parse(structuredClone(required)));
    const nulls = { ...required, endpoints: null, messages: null, responses: null, events: null };
    expect(check(structuredClone(nulls))).toEqual(schema.parse(structuredClone(nulls)));
  });

  it.each(objects.filter(([, , c]) => Object.keys(c.required ?? {}).length > 0))(
    "%s: both refuse an answer without a required field, and the check names it",
    (_n, schema, check) => {
      for (const k of Object.keys(check.required ?? {})) {
        const bad = { ...sample(), [k]: undefined };
        expect(schema.safeParse(bad).success).toBe(false);
        expect(() => check(bad)).toThrow(new TypeError(`body.${k}: expected a ${check.required![k]}`));
      }
    },
  );

  it("lists: null reads as empty, anything but an array is refused with its path", () => {
    expect(shape.listOf(shape.queue)(null)).toEqual([]);
    expect(() => shape.listOf(shape.queue)({})).toThrow("body: expected an array");
    expect(() => shape.listOf(shape.queue)([{ name: "q" }, {}])).toThrow("body[1].name: expected a string");
    expect(() => shape.dlqPage({ messages: [{ ...sample(), dlqId: 1 }] })).toThrow(
      "body.messages[0].dlqId: expected a string",
    );
  });

  it("a publish answers one id or a list; a batch, a list of those", () => {
    const one = { messageId: "m1" };
    expect(shape.messageIds(one)).toEqual(z.union([S.messageIdSchema]).parse(one));
    expect(shape.messageIds([one, [one, one]])).toEqual([one, [one, one]]);
    expect(() => shape.messageIds([one, [{}]])).toThrow("body[1][0].messageId: expected a string");
  });
});

describe("the public response interfaces", () => {
  // Checked by the type checker (`npm run typecheck`); at run time these are no-ops.
  it("equal the output types of the schemas that describe them", () => {
    // The named fields, without the index signature every answer has for fields added later.
    type Known<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };
    const out = <T extends z.ZodMiniType>(_: T) => expectTypeOf<Known<z.output<T>>>();
    out(S.messageIdSchema).toEqualTypeOf<Known<R.PublishToUrlResponse>>();
    out(S.scheduleIdSchema).toEqualTypeOf<Known<R.ScheduleIdAnswer>>();
    out(S.scheduleSchema).toEqualTypeOf<Known<R.Schedule>>();
    out(S.endpointSchema).toEqualTypeOf<Known<R.Endpoint>>();
    out(S.urlGroupSchema).toEqualTypeOf<Known<R.UrlGroup>>();
    out(S.queueSchema).toEqualTypeOf<Known<R.QueueInfo>>();
    out(S.signingKeysSchema).toEqualTypeOf<Known<R.SigningKeys>>();
    out(S.messageSchema).toEqualTypeOf<Known<R.Message>>();
    out(S.cancelledSchema).toEqualTypeOf<Known<R.CancelledAnswer>>();
    out(S.dlqMessageSchema).toEqualTypeOf<Known<R.DlqMessage>>();
    // Pages: their items are compared above (the schemas list those very item schemas).
    type Page<T, K extends string> = Omit<Known<T>, K>;
    expectTypeOf<Page<z.output<typeof S.dlqPageSchema>, "messages">>().toEqualTypeOf<
      Page<R.DlqPageAnswer, "messages">
    >();
    out(S.dlqDeletedSchema).toEqualTypeOf<Known<R.DlqDeletedAnswer>>();
    out(S.dlqRetriedSchema).toEqualTypeOf<Known<R.DlqRetriedAnswer>>();
    out(S.logSchema).toEqualTypeOf<Known<R.Log>>();
    expectTypeOf<Page<z.output<typeof S.logPageSchema>, "events">>().toEqualTypeOf<
      Page<R.LogPageAnswer, "events">
    >();
    out(S.flowControlInfoSchema).toEqualTypeOf<Known<R.FlowControlInfo>>();
    out(S.globalParallelismSchema).toEqualTypeOf<Known<R.GlobalParallelismInfo>>();
    expect(Object.keys(S).filter((k) => k.endsWith("Schema"))).toHaveLength(17);
  });
});
