import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { ValidationError } from "../../sdk/errors.js";
import { connectionFrom, newClient } from "../connection.js";
import { readAccount } from "./account.js";
import { IMPORT_KINDS, type ImportKind } from "./names.js";
import { importPlan, scheduleWarnings } from "./plan.js";
import { type Declaration, programModule, TsWriter } from "./program-ts.js";
import { summary } from "./summary.js";

const usage = `pulumi-qstash import-file [options]

Reads every URL group (with its endpoints), schedule and queue of a QStash
account and writes Pulumi's bulk import file, for
  pulumi import --file <file>
with the provider plugin (types qstash:index:UrlGroup, Schedule, Queue).

  --kinds K,K        only these kinds: UrlGroup, Schedule, Queue (default all)
  --prefix P         only objects whose name (a schedule's id) starts with P
  --out FILE         write there instead of stdout
  --program ts       write a TypeScript module instead: the same objects as
                     UrlGroup, Schedule and Queue of pulumi-qstash with
                     adopt: true, header values read from secret config
  --token T          QStash token (default: as the provider resolves it:
                     QSTASH_TOKEN, or QSTASH_REGION with <REGION>_QSTASH_TOKEN)
  --url U            QStash base URL (default: QSTASH_URL, the region's, or QStash's)
  --region R         eu-central-1 or us-east-1
  -h, --help         show this help

A summary goes to stderr: what was read, what was left out and why (with the
declaration that takes it over instead), and what to move into secret config.`;

function parse(args: string[]) {
  return parseArgs({
    args,
    options: {
      kinds: { type: "string" },
      prefix: { type: "string" },
      out: { type: "string" },
      program: { type: "string" },
      token: { type: "string" },
      url: { type: "string" },
      region: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
}

/** `--kinds UrlGroup,queue`: the kinds, case-insensitive, in their fixed order. */
function kindsOf(value: string | undefined): ImportKind[] {
  if (value === undefined) return [...IMPORT_KINDS];
  const asked = value
    .split(",")
    .map((k) => k.trim().toLowerCase())
    .filter(Boolean);
  for (const k of asked) {
    if (k === "endpoint") {
      throw new ValidationError(
        "--kinds",
        "Endpoint is not a kind to import: a URL group's endpoints come with it",
      );
    }
    if (!IMPORT_KINDS.some((x) => x.toLowerCase() === k)) {
      throw new ValidationError(
        "--kinds",
        `expected a comma-separated list of ${IMPORT_KINDS.join(", ")}, got "${k}"`,
      );
    }
  }
  if (!asked.length)
    throw new ValidationError("--kinds", `expected at least one of ${IMPORT_KINDS.join(", ")}`);
  return IMPORT_KINDS.filter((x) => asked.includes(x.toLowerCase()));
}

/** The client, resolved exactly as the provider resolves its own (ledger R2), the options standing for `qstash:*`. */
async function clientOf(values: {
  token?: string | undefined;
  url?: string | undefined;
  region?: string | undefined;
}) {
  const config = { "qstash:token": values.token, "qstash:url": values.url, "qstash:region": values.region };
  let connection: ReturnType<typeof connectionFrom>;
  try {
    connection = connectionFrom({ get: (key) => config[key as keyof typeof config] });
  } catch (e) {
    if (e instanceof ValidationError && e.field === "qstash:region")
      throw new ValidationError("--region", e.expected);
    throw e;
  }
  return newClient(connection, { retries: 5, field: "--token", setToken: "pass --token" });
}

/**
 * `pulumi-qstash import-file`; `bin/pulumi-qstash.cjs` calls this. Loads no
 * Pulumi code: it reads the account with the package's client.
 *
 * @example
 * ```sh
 * npx pulumi-qstash import-file --out import.json && pulumi import --file import.json --out imported.yaml
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
  let kinds: ImportKind[];
  try {
    kinds = kindsOf(values.kinds);
    if (values.program !== undefined && values.program !== "ts") {
      throw new ValidationError("--program", `expected "ts", got "${values.program}"`);
    }
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    return 2;
  }
  const started = performance.now();
  const client = await clientOf(values);
  const progress = (line: string) => process.stderr.write(`import-file: ${line}\n`);
  const account = await readAccount(client, { kinds, prefix: values.prefix ?? "", progress });

  let text: string;
  let lines: string[];
  if (values.program === "ts") {
    const writer = new TsWriter();
    const decls: Declaration[] = [
      ...account.urlGroups.map((g) => writer.urlGroup(g)),
      ...account.schedules.map((s) => writer.schedule(s)),
      ...account.queues.map((q) => writer.queue(q)),
    ];
    text = programModule(decls);
    lines = summary.program(account, decls, account.schedules.flatMap(scheduleWarnings));
  } else {
    const plan = importPlan(account);
    text = `${JSON.stringify({ resources: plan.entries }, null, 2)}\n`;
    lines = summary.importFile(account, plan);
  }
  if (values.out) writeFileSync(values.out, text);
  else process.stdout.write(text);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  process.stderr.write(
    `${[...lines, `import-file: done in ${seconds}s${values.out ? `, wrote ${values.out}` : ""}`].join("\n")}\n`,
  );
  return 0;
}
