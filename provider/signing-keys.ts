import * as pulumi from "@pulumi/pulumi";
import { Client } from "../sdk/client/index.js";
import type { ConnectionArgs } from "./args.js";

/** The current and next signing keys a handler needs to verify deliveries. */
export interface SigningKeys {
  currentSigningKey: string;
  nextSigningKey: string;
}

/** Where to read the keys from; defaults to the `qstash:*` stack config, then QSTASH_* env. */
export type GetSigningKeysArgs = ConnectionArgs;

async function fetchKeys(args: {
  token?: string | undefined;
  url?: string | undefined;
  region?: string | undefined;
}): Promise<SigningKeys> {
  const cfg = new pulumi.Config("qstash");
  const token = args.token ?? process.env.QSTASH_TOKEN;
  if (!token) {
    throw new Error(
      "getSigningKeys: no QStash token: run `pulumi config set --secret qstash:token <token>` or set QSTASH_TOKEN",
    );
  }
  const url = args.url ?? (args.region ? undefined : (cfg.get("url") ?? process.env.QSTASH_URL));
  const region = args.region ?? cfg.get("region") ?? process.env.QSTASH_REGION;
  const client = new Client({
    token,
    ...(url ? { baseUrl: url } : {}),
    ...(region && !url ? { region } : {}),
  } as ConstructorParameters<typeof Client>[0]);
  try {
    const keys = await client.signingKeys.get();
    return { currentSigningKey: keys.current, nextSigningKey: keys.next };
  } finally {
    await (client as { close?: () => Promise<void> }).close?.();
  }
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
  const cfg = new pulumi.Config("qstash");
  const token = cfg.getSecret("token");
  return pulumi.secret(
    pulumi.all([pulumi.output(args), token]).apply(([a, t]) => fetchKeys({ ...a, token: a.token ?? t })),
  );
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
  const cfg = new pulumi.Config("qstash");
  const resolved = await new Promise<{ token?: string; url?: string; region?: string }>((resolve) =>
    pulumi
      .all([
        pulumi.output(args.token),
        pulumi.output(args.url),
        pulumi.output(args.region),
        cfg.getSecret("token"),
      ])
      .apply(([token, url, region, configToken]) => {
        resolve({
          ...((token ?? configToken) ? { token: (token ?? configToken) as string } : {}),
          ...(url ? { url } : {}),
          ...(region ? { region } : {}),
        });
      }),
  );
  return fetchKeys(resolved);
}
