/**
 * The handler side: a Fetch handler that takes its keys from its environment,
 * i.e. from the `handlerEnvironment` output of the Pulumi program.
 */
import { Receiver, type VerifiedDelivery, verifyFetchRequest } from "pulumi-qstash/receiver";

export interface HandlerEnvironment {
  QSTASH_CURRENT_SIGNING_KEY: string;
  QSTASH_NEXT_SIGNING_KEY: string;
}

/** Builds the handler for one deployed environment (one key pair). */
export function createHandler(env: HandlerEnvironment): (request: Request) => Promise<Response> {
  const receiver = new Receiver({
    currentSigningKey: env.QSTASH_CURRENT_SIGNING_KEY,
    nextSigningKey: env.QSTASH_NEXT_SIGNING_KEY,
  });
  return async (request) => {
    let delivery: VerifiedDelivery;
    try {
      delivery = await verifyFetchRequest(request, { receiver });
    } catch (error) {
      // Log the reason server-side; the caller only learns the code.
      const code = (error as { code?: string }).code ?? "UNKNOWN";
      console.warn(`rejected delivery: ${code}: ${(error as Error).message}`);
      return Response.json({ error: code }, { status: 401 });
    }
    return Response.json({ ok: true, messageId: delivery.messageId });
  };
}
