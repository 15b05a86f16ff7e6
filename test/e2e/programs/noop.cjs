// N dynamic resources whose provider does nothing: the Pulumi engine's floor
// for a stack of that size, used as the baseline of the provider benchmark.
const pulumi = require("@pulumi/pulumi");

const provider = {
  async create(inputs) {
    return { id: inputs.name, outs: inputs };
  },
  async diff(_id, olds, news) {
    return { changes: olds.name !== news.name };
  },
  async read(id, props) {
    return { id, props };
  },
  async update(_id, _olds, news) {
    return { outs: news };
  },
  async delete() {},
};

class Noop extends pulumi.dynamic.Resource {
  constructor(name, args, opts) {
    super(provider, name, args, opts, "bench", "Noop");
  }
}

module.exports = (count) => async () => {
  for (let i = 0; i < count; i++) new Noop(`noop-${i}`, { name: `noop-${i}` });
  return {};
};
