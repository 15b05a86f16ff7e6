import { createRequire } from "node:module";
import type * as provider from "@pulumi/pulumi/provider/index.js";
import { configureFrom } from "../connection.js";
import { warnThroughEngine } from "./engine-log.js";
import type { DetailedDiff } from "./provider.js";

type Props = Record<string, unknown>;
type Callback = (err: unknown, value?: unknown) => void;
type Call = { request: any };

/**
 * Serve a provider with `@pulumi/pulumi/provider`'s gRPC server, replacing two
 * of its handlers where the service is registered:
 *
 * - `Configure`: the stock server answers without handing the provider its
 *   configuration and accepts secrets. This one reads `qstash:token`,
 *   `qstash:url`, `qstash:region` from the request (default and explicit
 *   providers alike; QSTASH_* environment variables as fallback), accepts
 *   secrets (the provider keeps them secret itself, see secrets.ts) and
 *   declines resource references and output values.
 * - `Diff`: the stock server drops the changed properties; this one answers
 *   with a detailed diff (which property updates, which replaces).
 */
export async function serve(p: provider.Provider & { diffDetailed: DiffDetailed }, args: string[]) {
  // the same module instances the server uses (resolved from @pulumi/pulumi)
  const here = typeof require === "function" ? require : createRequire(process.argv[1] ?? "");
  const fromPulumi = createRequire(here.resolve("@pulumi/pulumi"));
  const grpc = fromPulumi("@grpc/grpc-js");
  const proto = fromPulumi("@pulumi/pulumi/proto/provider_pb");
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (this: unknown, service: unknown, impl: object) {
    const ours = Object.create(impl);
    ours.configure = (call: Call, cb: Callback) => configure(proto, call, cb);
    ours.diff = (call: Call, cb: Callback) => diff(proto, p.diffDetailed, call, cb);
    return addService.call(this, service, ours);
  };
  const { parseArgs } = fromPulumi("@pulumi/pulumi/provider/internals");
  warnThroughEngine(fromPulumi, parseArgs(args)?.engineAddress);
  const { main } = await import("@pulumi/pulumi/provider/index.js");
  await main(p, args);
}

type DiffDetailed = (id: string, urn: string, olds: Props, news: Props) => Promise<DetailedDiff>;

function configure(proto: any, call: Call, cb: Callback): void {
  try {
    const req = call.request;
    const variables = new Map<string, string>(req.getVariablesMap().entries());
    configureFrom({ get: (key) => variables.get(key.replace(/^qstash:/, "qstash:config:")) });
    const resp = new proto.ConfigureResponse();
    resp.setAcceptsecrets(true);
    resp.setAcceptresources(false);
    resp.setAcceptoutputs(false);
    resp.setSupportspreview(false);
    cb(null, resp);
  } catch (e) {
    cb(e);
  }
}

async function diff(proto: any, diffDetailed: DiffDetailed, call: Call, cb: Callback): Promise<void> {
  try {
    const req = call.request;
    const olds = req.getOlds()?.toJavaScript() ?? {};
    const news = req.getNews()?.toJavaScript() ?? {};
    const d = await diffDetailed(req.getId(), req.getUrn(), olds, news);
    const { DiffChanges } = proto.DiffResponse;
    const { Kind } = proto.PropertyDiff;
    const resp = new proto.DiffResponse();
    resp.setChanges(d.changes ? DiffChanges.DIFF_SOME : DiffChanges.DIFF_NONE);
    resp.setReplacesList(d.replaces ?? []);
    // same name or id: the old object goes first, or the delete would remove the new one
    resp.setDeletebeforereplace(d.deleteBeforeReplace ?? false);
    resp.setDiffsList(d.diffs);
    resp.setHasdetaileddiff(true);
    const detailed = resp.getDetaileddiffMap();
    for (const k of d.diffs) {
      const replace = (d.replaces ?? []).includes(k);
      const before = olds[k] !== undefined;
      const after = news[k] !== undefined;
      const pd = new proto.PropertyDiff();
      pd.setKind(
        !before
          ? replace
            ? Kind.ADD_REPLACE
            : Kind.ADD
          : !after
            ? replace
              ? Kind.DELETE_REPLACE
              : Kind.DELETE
            : replace
              ? Kind.UPDATE_REPLACE
              : Kind.UPDATE,
      );
      pd.setInputdiff(true);
      detailed.set(k, pd);
    }
    cb(null, resp);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    cb(e);
  }
}
