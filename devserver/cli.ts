// first: refuses an old Node.js before undici loads
import "./node-guard.js";
import { parseArgs } from "node:util";
import { DEFAULT_HOST, DEFAULT_PORT } from "./constants.js";
import { DataFileError } from "./persist.js";
import { type DevServer, startDevServer } from "./server.js";

const usage = `pulumi-qstash devserver [options]

  --port N           TCP port (default ${DEFAULT_PORT}; 0 picks a free port)
  --host H           interface to bind (default ${DEFAULT_HOST})
  --data FILE        persist state to FILE (atomic writes; written once at startup,
                     so a path that cannot be written fails here)
  --token T          API token (default: the official QStash dev token)
  --retry-scale X    multiply retry delays by X (default 0.01)
  --rate-limit N     answer 429 above N management requests per second
  --quiet            print only the JSON line
  -h, --help         show this help

Prints one JSON line {url, token, currentSigningKey, nextSigningKey}, then logs.`;

function parse(args: string[]) {
  return parseArgs({
    args,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      data: { type: "string" },
      token: { type: "string" },
      "retry-scale": { type: "string" },
      "rate-limit": { type: "string" },
      quiet: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
}

/**
 * Runs the devserver until SIGINT/SIGTERM; `bin/pulumi-qstash.cjs devserver` calls this.
 *
 * @example
 * ```sh
 * npx pulumi-qstash devserver --port 0 --data .qstash-dev.json
 * ```
 */
export async function main(args: string[]): Promise<number> {
  let values: ReturnType<typeof parse>["values"];
  try {
    ({ values } = parse(args));
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n\n${usage}`);
    return 2;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be an integer between 0 and 65535, got "${values.port}"`);
    return 2;
  }
  const retryScale = values["retry-scale"] === undefined ? undefined : Number(values["retry-scale"]);
  if (retryScale !== undefined && !(retryScale >= 0)) {
    console.error("--retry-scale must be a non-negative number");
    return 2;
  }
  const rate = values["rate-limit"] === undefined ? undefined : Number(values["rate-limit"]);
  if (rate !== undefined && !(Number.isInteger(rate) && rate > 0)) {
    console.error("--rate-limit must be a positive integer");
    return 2;
  }
  const quiet = values.quiet === true;
  // The JSON line must be the first line on stdout: hold log lines until it is out.
  const held: string[] = [];
  let ready = false;
  const emit = (line: string) => console.log(`[devserver] ${new Date().toISOString()} ${line}`);
  let server: DevServer;
  try {
    server = await startDevServer({
      port,
      ...(values.host ? { host: values.host } : {}),
      ...(values.data ? { dataFile: values.data } : {}),
      ...(values.token ? { token: values.token } : {}),
      ...(retryScale !== undefined ? { retryDelayScale: retryScale } : {}),
      ...(rate !== undefined ? { faults: { rateLimitPerSecond: rate } } : {}),
      logger: quiet ? () => {} : (line) => (ready ? emit(line) : held.push(line)),
    });
  } catch (e) {
    if (!(e instanceof DataFileError)) throw e;
    console.error(`--data ${JSON.stringify(e.file)} ${e.problem}`);
    return 1;
  }
  // One machine-readable line first, so a parent process can read url and credentials.
  process.stdout.write(
    `${JSON.stringify({
      url: server.url,
      token: server.token,
      currentSigningKey: server.currentSigningKey,
      nextSigningKey: server.nextSigningKey,
    })}\n`,
  );
  ready = true;
  for (const line of held.splice(0)) emit(line);
  if (!quiet) {
    console.log(
      `[devserver] QStash devserver ready at ${server.url}${values.data ? ` (data: ${values.data})` : ""}`,
    );
    console.log(`[devserver] export QSTASH_URL=${server.url} QSTASH_TOKEN=<token above>`);
  }
  return new Promise<number>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      server.close().then(
        () => resolve(0),
        () => resolve(1),
      );
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
