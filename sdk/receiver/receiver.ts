/**
 * `Receiver` over the crypto backend the package's `#crypto` import selects:
 * node:crypto on Node (the `node` condition), Web Crypto everywhere else.
 * @module
 */
import { verifier } from "#crypto";
import { type ReceiverConfig, ReceiverCore, type VerifyRequest } from "./core.js";
import { devModeKeys } from "./dev-mode.js";

/**
 * Verifies that a request was sent by QStash. Create one per set of keys and
 * reuse it: keys are imported once. Keys not given come from
 * `QSTASH_CURRENT_SIGNING_KEY` / `QSTASH_NEXT_SIGNING_KEY`, read at the first
 * verify (as the official `Receiver` does); with none, verify rejects with `MISSING_KEYS`.
 *
 * @example
 * ```ts
 * const receiver = new Receiver(); // or new Receiver({ currentSigningKey, nextSigningKey })
 * const body = await request.text();
 * await receiver.verify({ signature: request.headers.get("upstash-signature"), body }); // throws SignatureError
 * ```
 */
export class Receiver extends ReceiverCore {
  constructor(config?: ReceiverConfig) {
    const dev = devModeKeys(config?.devMode, undefined);
    super(dev ? { ...config, currentSigningKey: dev.current, nextSigningKey: dev.next } : config, verifier);
  }
}

/**
 * One-shot verification without keeping a `Receiver` (imports the keys on every call).
 *
 * @example
 * ```ts
 * await verify({ currentSigningKey, nextSigningKey, signature, body: await request.text() });
 * ```
 */
export function verify(options: ReceiverConfig & VerifyRequest): Promise<boolean> {
  return new Receiver(options).verify(options);
}
