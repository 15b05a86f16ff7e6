import * as pulumi from "@pulumi/pulumi";

/**
 * Where a resource's QStash lives when it differs from the provider's
 * configuration (stacks spanning regions or accounts). The token is stored in
 * state only as a secret.
 */
export interface ConnectionArgs {
  /** A QStash token for this resource; stored as a secret. */
  token?: pulumi.Input<string>;
  /** Base URL of the QStash API (e.g. a devserver, `http://127.0.0.1:8080`). */
  url?: pulumi.Input<string>;
  /** `eu-central-1` or `us-east-1`; ignored when `url` is set. */
  region?: pulumi.Input<"eu-central-1" | "us-east-1">;
}

/** Options every QStash resource accepts. */
export interface CommonArgs {
  /**
   * Take over an object that already exists in QStash under this name or id
   * instead of failing. This is how to bring hand-made objects under Pulumi
   * (dynamic providers cannot support `pulumi import`).
   */
  adopt?: pulumi.Input<boolean>;
  /** Per-resource connection override; see {@link ConnectionArgs}. */
  connection?: pulumi.Input<ConnectionArgs>;
}

/** Wrap the connection override as a secret so its token never reaches state in plain text. */
export function secretConnection(
  c: pulumi.Input<ConnectionArgs> | undefined,
): pulumi.Input<ConnectionArgs> | undefined {
  return c === undefined ? undefined : pulumi.secret(c);
}

/**
 * The given `keys` of `args`, each present even when unset, so the object a resource
 * registers names every input of its kind, set or not.
 */
export function inputsOf<T extends object, K extends keyof T>(args: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, args[k]])) as Pick<T, K>;
}
