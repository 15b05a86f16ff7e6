// A data-driven Pulumi program: the test describes the resources as JSON and
// this builds them with the package's public entry point, as a user would.
//
// spec = {
//   resources: [{ type: "Queue" | "UrlGroup" | "Endpoint" | "Schedule", name, args,
//                 secret?: ["body", ...], destinationRef?: "<name of a UrlGroup above>",
//                 opts?: { aliases: [{ name }] } (resource options, as JSON) }],
//   signingKeys?: true,
// }
const pulumi = require("@pulumi/pulumi");
// The test harness installs a copy of the package the way npm does and says
// where; a user's program simply requires "pulumi-qstash".
const qstash = require(process.env.PULUMI_QSTASH_INSTALLED || "pulumi-qstash");

module.exports = (spec) => async () => {
  const out = {};
  const byName = {};
  for (const r of spec.resources) {
    const args = { ...r.args };
    for (const k of r.secret ?? []) args[k] = pulumi.secret(args[k]);
    if (r.destinationRef) args.destination = byName[r.destinationRef];
    const res = new qstash[r.type](r.name, args, r.opts);
    byName[r.name] = res;
    out[r.name] = res.id;
    if (r.type === "Schedule") out[`${r.name}.scheduleId`] = res.scheduleId;
  }
  if (spec.signingKeys) {
    const keys = qstash.getSigningKeysOutput();
    out.currentSigningKey = keys.currentSigningKey;
    out.nextSigningKey = keys.nextSigningKey;
  }
  return out;
};
