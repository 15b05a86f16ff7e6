import { AsyncLocalStorage } from "node:async_hooks";
import * as grpc from "@grpc/grpc-js";
import engineRpc from "@pulumi/pulumi/proto/engine_grpc_pb.js";
import engineProto from "@pulumi/pulumi/proto/engine_pb.js";
import { setWarningSink } from "./warnings.js";

/** The resource whose request is being served, so a warning is shown under it. */
const current = new AsyncLocalStorage<string>();

/** Run `f` with the handlers' warnings attributed to `urn`. */
export function forResource<T>(urn: string, f: () => Promise<T>): Promise<T> {
  return current.run(urn, f);
}

/**
 * Send the handlers' warnings to the engine's log (`Engine.Log`, severity
 * warning, under the resource being served): the CLI shows them among the
 * resource's diagnostics, where stderr lines of a plugin are not shown.
 */
export function warnThroughEngine(engineAddress: string | undefined): void {
  if (!engineAddress) return;
  const engine = new engineRpc.EngineClient(engineAddress, grpc.credentials.createInsecure());
  setWarningSink(
    (message) =>
      new Promise<void>((resolve) => {
        const req = new engineProto.LogRequest();
        req.setSeverity(engineProto.LogSeverity.WARNING);
        req.setMessage(message);
        req.setUrn(current.getStore() ?? "");
        engine.log(req, (err: unknown) => {
          // the engine is gone or refused: stderr is still better than nothing
          if (err) console.warn(message);
          resolve();
        });
      }),
  );
}
