// The resources of resources.cjs declared by type token (`qstash:index:<Kind>`),
// served by the provider plugin bin/pulumi-resource-qstash instead of the
// dynamic provider: what a Node.js program without the package's classes (or
// a program moving to the plugin) writes.
//
// spec = { resources: [{ type, name, args, aliases? }] }
const pulumi = require("@pulumi/pulumi");

// the README's form: CustomResource is abstract, one empty subclass serves every token
class PluginResource extends pulumi.CustomResource {}

const outputs = {
  UrlGroup: ["createdAt"],
  Endpoint: [],
  Schedule: ["scheduleId", "createdAt", "nextScheduleTime"],
  Queue: ["lag", "createdAt"],
};

module.exports = (spec) => async () => {
  const out = {};
  for (const r of spec.resources) {
    const props = { ...r.args };
    for (const k of outputs[r.type]) if (!(k in props)) props[k] = undefined;
    const res = new PluginResource(`qstash:index:${r.type}`, r.name, props, {
      ...(r.aliases ? { aliases: r.aliases } : {}),
    });
    out[r.name] = res.id;
    if (r.type === "Schedule") out[`${r.name}.scheduleId`] = res.scheduleId;
  }
  return out;
};
