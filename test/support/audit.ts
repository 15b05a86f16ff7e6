// Secrets audit for e2e and reliability runs: looks for tokens, signing keys
// and secret values in every artefact a run leaves behind. Hits are reported
// by label and artefact, never by value, so a failing audit does not itself
// print the secret.
import { execFileSync } from "node:child_process";
import type { TestStack } from "./stack.ts";

/** The forms a secret may take in a text: raw, base64, URL-encoded, JSON-escaped. */
function forms(secret: string): string[] {
  const out = new Set([secret]);
  out.add(Buffer.from(secret, "utf8").toString("base64").replace(/=+$/, ""));
  out.add(encodeURIComponent(secret));
  out.add(JSON.stringify(secret).slice(1, -1));
  return [...out].filter((s) => s.length >= 8);
}

/**
 * `pulumi stack export` WITHOUT --show-secrets, run as the user would run it:
 * the `pulumi` binary in the stack's workspace with the stack's environment.
 * (The Automation API's exportStack decrypts secrets, so it is not audited.)
 */
export function stackExportText(t: TestStack): string {
  const ws = t.stack.workspace;
  return execFileSync("pulumi", ["stack", "export", "--stack", t.stack.name], {
    cwd: ws.workDir,
    env: { ...process.env, ...ws.envVars },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
}

/** What an error may carry: an Error, a child-process failure, an Automation API CommandError. */
interface ErrorLike {
  stack?: unknown;
  stdout?: unknown;
  stderr?: unknown;
  message?: unknown;
  commandResult?: { stdout?: unknown; stderr?: unknown };
}

/** Text of anything an error can carry: message, stack, CLI stdout/stderr. */
export function errorText(e: unknown): string {
  if (e === undefined || e === null) return "";
  if (typeof e !== "object") return String(e);
  const x = e as ErrorLike;
  return [String(e), x.stack, x.stdout, x.stderr, x.message, x.commandResult?.stdout, x.commandResult?.stderr]
    .filter(Boolean)
    .join("\n");
}

export interface AuditInput {
  /** label → secret value (empty values are skipped). */
  secrets: Record<string, string | undefined>;
  stacks?: TestStack[];
  devservers?: ({ requestLog: { entries(): unknown[] } } | unknown[])[];
  errors?: unknown[];
  texts?: Record<string, string>;
}

/**
 * Scan every artefact for every secret. `secrets` maps a label to the value;
 * `stacks` adds each stack's state file, its `pulumi stack export` and its CLI
 * output; `devservers` adds each request log (anything with `requestLog` or an
 * array of entries); `errors` adds error texts; `texts` adds anything else.
 * Returns the hits as `"<label> in <artefact>"`; an empty list means clean.
 */
export function auditSecrets({
  secrets,
  stacks = [],
  devservers = [],
  errors = [],
  texts = {},
}: AuditInput): string[] {
  const artefacts: Record<string, string> = { ...texts };
  stacks.forEach((t, i) => {
    artefacts[`state file #${i}`] = t.stateFileText();
    artefacts[`stack export #${i}`] = stackExportText(t);
    artefacts[`CLI output #${i}`] = t.output.join("");
  });
  devservers.forEach((d, i) => {
    const entries = Array.isArray(d) ? d : d.requestLog.entries();
    artefacts[`request log #${i}`] = JSON.stringify(entries);
  });
  errors.forEach((e, i) => {
    artefacts[`error #${i}`] = errorText(e);
  });
  const hits: string[] = [];
  for (const [label, value] of Object.entries(secrets)) {
    if (!value) continue;
    for (const [where, text] of Object.entries(artefacts)) {
      if (forms(value).some((f) => text.includes(f))) hits.push(`${label} in ${where}`);
    }
  }
  return hits;
}
