import type { IncomingMessage, ServerResponse } from "node:http";

/** An error that maps to one HTTP response with a `{"error": ...}` body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string): HttpError => new HttpError(400, message);
export const notFound = (message: string): HttpError => new HttpError(404, message);

/** Largest request body accepted (QStash's own limit is 1 MB on free plans, more on paid). */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > MAX_BODY_BYTES)
      throw new HttpError(413, `request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(b);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

export function parseJson(body: Buffer, what: string): unknown {
  if (body.length === 0) throw badRequest(`${what}: request body is empty, expected JSON`);
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw badRequest(`${what}: request body is not valid JSON`);
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/** 200 with an empty body: what QStash answers for delete, pause, resume and upserts. */
export function sendEmpty(res: ServerResponse, status = 200): void {
  res.writeHead(status, { "content-length": 0 });
  res.end();
}

export function sendError(res: ServerResponse, err: HttpError): void {
  sendJson(res, err.status, { error: err.message }, err.headers);
}
