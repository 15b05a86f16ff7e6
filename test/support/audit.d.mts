import type { TestStack } from "./stack.mjs";

/** `pulumi stack export` without --show-secrets, through the pulumi binary. */
export declare function stackExportText(t: TestStack): string;
/** Message, stack and CLI stdout/stderr of an error. */
export declare function errorText(e: unknown): string;

export interface AuditInput {
  /** label → secret value (empty values are skipped). */
  secrets: Record<string, string | undefined>;
  stacks?: TestStack[];
  devservers?: ({ requestLog: { entries(): unknown[] } } | unknown[])[];
  errors?: unknown[];
  texts?: Record<string, string>;
}

/** Hits as "<label> in <artefact>"; [] means no secret leaked. */
export declare function auditSecrets(input: AuditInput): string[];
