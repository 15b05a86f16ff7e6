import * as pulumi from "@pulumi/pulumi";
import type { ConnectionArgs } from "./args.js";
import { type Connection, connectionFrom, newClient, overlay } from "./connection.js";

/** The current and next signing keys a handler needs to verify deliveries. */
export interface SigningKeys {
  currentSigningKey: string;
  nextSigningKey: string;
}

/** Where to read the keys from; defaults to the `qstash:*` stack config, then QSTASH_* env. */
export type GetSigningKeysArgs = ConnectionArgs;

async function fetchKeys(args: Connection): Promise<SigningKeys> {
  const config = new pulumi.Config("qstash");
  // the token arrives through `args` (read with getSecret); url and region are plain config
  const base = connectionFrom({
    get: (key) => (key === "qstash:token" ? undefined : config.get(key.slice("qstash:".length))),
  });
  const client = await newClient(overlay(args, base));
  try {
    const keys = await client.signingKeys.get();
    return { currentSigningKey: keys.current, nextSigningKey: keys.next };
  } finally {
    await client.close();
  }
}

/** The connection to read keys with: the arguments, then the `qstash:token` secret. */
function connectionOf(args: pulumi.Input<GetSigningKeysArgs>): pulumi.Output<Connection> {
  const token = new pulumi.Config("qstash").getSecret("token");
  return pulumi.all([pulumi.output(args), token]).apply(([a, t]) => ({ ...a, token: a.token ?? t }));
}

/**
 * The account's signing keys as secret outputs, to hand to the handlers a
 * program deploys. Read-only: safe in `pulumi preview`.
 *
 * @example
 * ```ts
 * const keys = getSigningKeysOutput();
 * export const currentSigningKey = keys.currentSigningKey; // secret
 * ```
 */
export function getSigningKeysOutput(
  args: pulumi.Input<GetSigningKeysArgs> = {},
): pulumi.Output<SigningKeys> {
  return pulumi.secret(connectionOf(args).apply(fetchKeys));
}

/**
 * Promise form of {@link getSigningKeysOutput}. The values are plain strings:
 * wrap them with `pulumi.secret` before exporting them.
 *
 * @example
 * ```ts
 * const { currentSigningKey } = await getSigningKeys();
 * ```
 */
export async function getSigningKeys(args: GetSigningKeysArgs = {}): Promise<SigningKeys> {
  const connection = await new Promise<Connection>((resolve) => connectionOf(args).apply(resolve));
  return fetchKeys(connection);
}
