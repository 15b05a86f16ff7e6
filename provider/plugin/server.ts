import * as grpc from "@grpc/grpc-js";
import pluginProto from "@pulumi/pulumi/proto/plugin_pb.js";
import providerRpc from "@pulumi/pulumi/proto/provider_grpc_pb.js";
import proto from "@pulumi/pulumi/proto/provider_pb.js";
import type * as provider from "@pulumi/pulumi/provider/index.js";
import emptyProto from "google-protobuf/google/protobuf/empty_pb.js";
import structProto from "google-protobuf/google/protobuf/struct_pb.js";
import { configureFrom } from "../connection.js";
import { warnThroughEngine } from "../engine-log.js";
import type { DetailedDiff } from "./provider.js";

type Props = Record<string, unknown>;
type Failure = { property: string; reason: string };
type Plugin = provider.Provider & {
  diffDetailed(id: string, urn: string, olds: Props, news: Props): Promise<DetailedDiff>;
};

/** The engine's address: the first argument the CLI passes that is not a logging or tracing flag. */
export function engineAddressOf(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    if (a === "--tracing") i++;
    else if (a !== "--logtostderr" && !a.startsWith("-v=")) return a;
  }
  return undefined;
}

/**
 * Serve a provider over Pulumi's provider protocol (`pulumirpc.ResourceProvider`)
 * on 127.0.0.1 and print the port, as the engine expects of a plugin.
 *
 * The gRPC service is ours, over the generated service definition, rather
 * than `@pulumi/pulumi/provider`'s server: that server hands the provider
 * neither its configuration (`Configure`) nor a detailed diff, exports no way
 * to replace two of its handlers, and brings the whole Pulumi program SDK
 * (OpenTelemetry included) into the plugin. Methods left out here (Construct,
 * Call, Parameterize, CheckConfig, DiffConfig, mappings) answer UNIMPLEMENTED,
 * as they do from the stock server, and the engine falls back.
 */
export async function serve(p: Plugin, args: string[]): Promise<void> {
  warnThroughEngine(engineAddressOf(args));
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(providerRpc.ResourceProviderService, implementation(p));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) =>
      err ? reject(err) : resolve(port),
    ),
  );
  // the engine reads the port from the first line of stdout
  process.stdout.write(`${port}\n`);
}

/** One unary method: the answer of `f`, or its error as the call's status. */
function unary<Req, Res>(f: (req: Req) => Promise<Res> | Res) {
  return (call: grpc.ServerUnaryCall<Req, Res>, cb: grpc.sendUnaryData<Res>): void => {
    Promise.resolve()
      .then(() => f(call.request))
      .then(
        (res) => cb(null, res),
        (e: unknown) => cb(e instanceof Error ? e : new Error(String(e))),
      );
  };
}

/** Values into a protobuf Struct: the handlers produce JSON values only (state cannot hold others). */
const struct = (v: Props | undefined) =>
  structProto.Struct.fromJavaScript((v ?? {}) as Record<string, structProto.JavaScriptValue>);
const plain = (s: structProto.Struct | undefined): Props => (s?.toJavaScript() ?? {}) as Props;

function failuresOf(failures: readonly Failure[] | undefined): proto.CheckFailure[] {
  return (failures ?? []).map((f) => {
    const out = new proto.CheckFailure();
    out.setProperty(f.property);
    out.setReason(f.reason);
    return out;
  });
}

function implementation(p: Plugin): grpc.UntypedServiceImplementation {
  return {
    getPluginInfo: unary(() => {
      const info = new pluginProto.PluginInfo();
      info.setVersion(p.version ?? "");
      return info;
    }),

    getSchema: unary(async (req: proto.GetSchemaRequest) => {
      if (req.getVersion() !== 0) throw new Error(`unsupported schema version ${req.getVersion()}`);
      const resp = new proto.GetSchemaResponse();
      resp.setSchema((await p.getSchema?.()) ?? "{}");
      return resp;
    }),

    configure: unary(configure),

    check: unary(async (req: proto.CheckRequest) => {
      const news = plain(req.getNews());
      const r = (await p.check?.(req.getUrn(), plain(req.getOlds()), news)) ?? { inputs: news };
      const resp = new proto.CheckResponse();
      resp.setInputs(struct(r.inputs ?? news));
      resp.setFailuresList(failuresOf(r.failures));
      return resp;
    }),

    diff: unary(async (req: proto.DiffRequest) => diff(p, req)),

    create: unary(async (req: proto.CreateRequest) => {
      if (!p.create) throw new Error(`unknown resource type ${req.getUrn()}`);
      const r = await p.create(req.getUrn(), plain(req.getProperties()));
      const resp = new proto.CreateResponse();
      resp.setId(r.id);
      resp.setProperties(struct(r.outs));
      return resp;
    }),

    read: unary(async (req: proto.ReadRequest) => {
      const resp = new proto.ReadResponse();
      if (!p.read) {
        resp.setId(req.getId());
        resp.setProperties(req.getProperties());
        return resp;
      }
      const r = await p.read(req.getId(), req.getUrn(), plain(req.getProperties()));
      resp.setId(r.id ?? "");
      resp.setProperties(struct(r.props));
      if (r.inputs !== undefined) resp.setInputs(struct(r.inputs));
      return resp;
    }),

    update: unary(async (req: proto.UpdateRequest) => {
      const r = await p.update?.(req.getId(), req.getUrn(), plain(req.getOlds()), plain(req.getNews()));
      const resp = new proto.UpdateResponse();
      resp.setProperties(struct(r?.outs));
      return resp;
    }),

    delete: unary(async (req: proto.DeleteRequest) => {
      await p.delete?.(req.getId(), req.getUrn(), plain(req.getProperties()));
      return new emptyProto.Empty();
    }),

    invoke: unary(async (req: proto.InvokeRequest) => {
      if (!p.invoke) throw new Error(`unknown function ${req.getTok()}`);
      const r = await p.invoke(req.getTok(), plain(req.getArgs()));
      const resp = new proto.InvokeResponse();
      resp.setReturn(struct(r.outputs));
      resp.setFailuresList(failuresOf(r.failures));
      return resp;
    }),

    cancel: unary(() => new emptyProto.Empty()),

    // a plugin started outside the engine (a debugger) learns the engine's address here
    attach: unary((req: pluginProto.PluginAttach) => {
      warnThroughEngine(req.getAddress());
      return new emptyProto.Empty();
    }),
  };
}

/**
 * `Configure`: reads `qstash:token`, `qstash:url`, `qstash:region` from the
 * request (default and explicit providers alike; QSTASH_* environment
 * variables as fallback), accepts secrets (the provider keeps them secret
 * itself, see secrets.ts) and declines resource references and output values.
 */
function configure(req: proto.ConfigureRequest): proto.ConfigureResponse {
  const variables = new Map<string, string>(req.getVariablesMap().entries());
  configureFrom({ get: (key) => variables.get(key.replace(/^qstash:/, "qstash:config:")) });
  const resp = new proto.ConfigureResponse();
  resp.setAcceptsecrets(true);
  resp.setAcceptresources(false);
  resp.setAcceptoutputs(false);
  resp.setSupportspreview(false);
  return resp;
}

/** `Diff` with a detailed diff: which property updates, which replaces. */
async function diff(p: Plugin, req: proto.DiffRequest): Promise<proto.DiffResponse> {
  const olds = plain(req.getOlds());
  const news = plain(req.getNews());
  const d = await p.diffDetailed(req.getId(), req.getUrn(), olds, news);
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
  return resp;
}
