// A user's app on 127.0.0.1 serving Upstash Workflow endpoints: Node's http server turned
// into Fetch Request/Response for the SDK's `serve()` handlers, with every signed request
// also checked by our own receiver (the SDK checks it with its own).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Receiver } from "../../sdk/receiver/index.js";

export type FetchHandler = (request: Request) => Promise<Response>;

export interface WorkflowApp {
  url: string;
  /** Every request the app received, in order: path, headers and body. */
  requests: { path: string; headers: Headers; body: string }[];
  /** Requests that carried an `Upstash-Signature` our receiver rejected. */
  badSignatures: string[];
  /** Signed requests our receiver accepted. */
  verified: number;
  close(): Promise<void>;
}

async function toRequest(req: IncomingMessage, base: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headersDistinct)) for (const one of v ?? []) headers.append(k, one);
  const method = req.method ?? "GET";
  const body = Buffer.concat(chunks);
  return new Request(new URL(req.url ?? "/", base), {
    method,
    headers,
    ...(method === "GET" || method === "HEAD" ? {} : { body }),
  });
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((v, k) => {
    headers[k] = v;
  });
  res.writeHead(response.status, headers);
  res.end(Buffer.from(await response.arrayBuffer()));
}

/** Serves `routes` (path → Fetch handler) through Node's http on 127.0.0.1. */
export async function startWorkflowApp(
  routes: Record<string, FetchHandler | ((req: IncomingMessage, res: ServerResponse) => void)>,
  keys: { currentSigningKey: string; nextSigningKey: string },
): Promise<WorkflowApp> {
  const receiver = new Receiver(keys);
  const app: WorkflowApp = {
    url: "",
    requests: [],
    badSignatures: [],
    verified: 0,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? "/").split("?")[0]!;
      const route = routes[path];
      if (!route) {
        res.writeHead(404).end();
        return;
      }
      if (route.length === 2) {
        (route as (req: IncomingMessage, res: ServerResponse) => void)(req, res);
        return;
      }
      const request = await toRequest(req, app.url);
      const body = await request.clone().text();
      app.requests.push({ path, headers: request.headers, body });
      const signature = request.headers.get("upstash-signature");
      if (signature) {
        try {
          await receiver.verify({ signature, body, url: new URL(req.url ?? "/", app.url).toString() });
          app.verified++;
        } catch (e) {
          app.badSignatures.push(`${path}: ${String(e)}`);
        }
      }
      await send(res, await (route as FetchHandler)(request));
    })().catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  app.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.unref();
  return app;
}
