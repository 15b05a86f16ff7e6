// Shared by the messages/DLQ/logs and flow-control contract tests: one structural type
// that both the official SDK's client and ours satisfy for the calls these tests make,
// and a local handler that fails on chosen paths.
import type { ServerResponse } from "node:http";
import { Client as Official } from "@upstash/qstash";
import type { DevServer } from "../../devserver/index.js";
import { Client as Ours } from "../../sdk/client/index.js";
import type { Received } from "../support/devserver.js";

type Loose = Record<string, unknown>;
interface DlqEntry {
  messageId: string;
  dlqId: string;
  url: string;
  body?: string;
  responseStatus?: number;
  responseHeader?: Record<string, string[]>;
  responseBody?: string;
  responseBodyBase64?: string;
  [k: string]: unknown;
}
interface LogEntry {
  time: number;
  messageId: string;
  state: string;
  body?: string;
  header?: unknown;
  nextDeliveryTime?: number;
  [k: string]: unknown;
}
interface FlowInfo {
  flowControlKey: string;
  waitListSize: number;
  parallelismMax: number;
  parallelismCount: number;
  rateMax: number;
  rateCount: number;
  ratePeriod: number;
  ratePeriodStart: number;
  isPaused: boolean;
  isPinnedParallelism: boolean;
  isPinnedRate: boolean;
}

/** The calls these tests make, typed once for both clients. */
export interface Api {
  publish(req: Loose): Promise<{ messageId: string }>;
  urlGroups: {
    addEndpoints(req: { name: string; endpoints: { name?: string; url: string }[] }): Promise<void>;
  };
  messages: {
    get(id: string): Promise<{ messageId: string; header?: Record<string, string[]>; [k: string]: unknown }>;
    cancel(req: string | string[] | Loose): Promise<{ cancelled: number }>;
  };
  dlq: {
    listMessages(req?: Loose): Promise<{ messages: DlqEntry[]; cursor?: string }>;
    delete(req: string | string[] | Loose): Promise<{ deleted: number; cursor?: string }>;
    retry(req: string | string[] | Loose): Promise<{ cursor?: string; responses: { messageId: string }[] }>;
  };
  logs(req?: Loose): Promise<{ logs: LogEntry[]; cursor?: string }>;
  events(req?: Loose): Promise<{ events: LogEntry[]; cursor?: string }>;
  flowControl: {
    get(key: string): Promise<FlowInfo>;
    getGlobalParallelism(): Promise<{ parallelismMax: number; parallelismCount: number }>;
    pause(key: string): Promise<void>;
    resume(key: string): Promise<void>;
    pin(key: string, o: { parallelism?: number; rate?: number; period?: number }): Promise<void>;
    unpin(key: string, o: { parallelism?: boolean; rate?: boolean }): Promise<void>;
    resetRate(key: string): Promise<void>;
  };
}

/** Both clients behind the one test-facing type (the calls above exist on both with these shapes). */
export function clientsFor(dev: DevServer): Record<"official" | "ours", Api> {
  const official = new Official({ baseUrl: dev.url, token: dev.token, enableTelemetry: false, retry: false });
  const ours = new Ours({ baseUrl: dev.url, token: dev.token, retry: false });
  return { official: official as unknown as Api, ours: ours as unknown as Api };
}

/**
 * A handler that answers 500 (body "nope", header X-Reason) on the paths in the set,
 * three non-UTF-8 bytes on `/fail-binary`, and 200 elsewhere.
 */
export function failing(paths: () => Set<string>): (r: Received, res: ServerResponse) => void {
  return (r, res) => {
    const path = new URL(r.target, "http://127.0.0.1").pathname;
    if (!paths().has(path)) {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
    } else if (path === "/fail-binary") {
      res.writeHead(500, { "content-type": "application/octet-stream" });
      res.end(Buffer.from([0xff, 0xfe, 0x00]));
    } else {
      res.writeHead(500, { "content-type": "text/plain", "x-reason": "broken on purpose" });
      res.end("nope");
    }
  };
}

/** The states of log entries, in the order given. */
export function states(logs: { state: string }[]): string[] {
  return logs.map((l) => l.state);
}
