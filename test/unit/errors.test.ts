import { describe, expect, it } from "vitest";
import { AdoptionRefusedError } from "../../provider/adoption.js";
import { ScheduleImportError } from "../../provider/schedule/import.js";
import {
  ConnectionError,
  errorForStatus,
  InvalidResponseError,
  PulumiQStashError,
  QStashError,
  SignatureError,
  TimeoutError,
  ValidationError,
} from "../../sdk/errors.js";

const info = { method: "GET", path: "/v2/queues/q", attempts: 2 };

// Every error the package throws, built as the code that throws it builds it.
const thrown: Array<[string, Error]> = [
  ...[400, 401, 404, 409, 412, 429, 500, 418].map(
    (status) => [`status ${status}`, errorForStatus({ ...info, status }, "x")] as [string, Error],
  ),
  ["ConnectionError", new ConnectionError(info, new Error("reset"))],
  ["TimeoutError", new TimeoutError(info, 10)],
  ["ValidationError", new ValidationError("retries", "expected an integer >= 0")],
  ["InvalidResponseError", new InvalidResponseError(info, "body: expected an object")],
  ["SignatureError", new SignatureError("EXPIRED", "the token expired")],
  ["AdoptionRefusedError", new AdoptionRefusedError("queue", '"q"')],
  ["ScheduleImportError", new ScheduleImportError("s1", ["body"], undefined)],
];

describe("one error tree", () => {
  it.each(thrown)("%s descends from PulumiQStashError and carries a stable code", (_name, err) => {
    expect(err).toBeInstanceOf(PulumiQStashError);
    expect(err).toBeInstanceOf(Error);
    expect((err as PulumiQStashError).code).toMatch(/^[A-Z_]+$/);
  });

  it("the provider's refusals have their own codes and names", () => {
    expect(new AdoptionRefusedError("queue", '"q"')).toMatchObject({
      code: "ADOPTION_REFUSED",
      name: "AdoptionRefusedError",
    });
    expect(new ScheduleImportError("s1", ["body"], undefined)).toMatchObject({
      code: "SCHEDULE_NOT_IMPORTABLE",
      name: "ScheduleImportError",
    });
  });

  it("request errors are built whole: where, status and attempts come from the constructor", () => {
    const err = errorForStatus({ ...info, status: 503 }, "down");
    expect(err).toBeInstanceOf(QStashError);
    expect(err).toMatchObject({ code: "SERVER_ERROR", status: 503, attempts: 2, serverMessage: "down" });
    expect(new TimeoutError(info, 10)).toMatchObject({ code: "TIMEOUT", attempts: 2 });
  });

  it("a connection error's cause goes through the standard option, and is absent when there is none", () => {
    const cause = new Error("socket hang up");
    const err = new ConnectionError(info, cause);
    expect(err.cause).toBe(cause);
    expect(Object.getOwnPropertyDescriptor(err, "cause")?.enumerable).toBe(false);
    expect("cause" in new ConnectionError(info)).toBe(false);
  });
});
