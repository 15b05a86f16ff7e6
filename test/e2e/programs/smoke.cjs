// A tiny dynamic resource: proves the engine path (CLI, launcher, provider
// process, configure, secrets) end to end, independent of QStash.
const pulumi = require("@pulumi/pulumi");

const provider = {
  async configure(req) {
    this.greeting = req.config.get("smoke:greeting") ?? "hello";
  },
  async create(inputs) {
    return {
      id: `greet-${inputs.name}`,
      outs: { name: inputs.name, message: `${this.greeting}, ${inputs.name}` },
    };
  },
  async diff(_id, olds, news) {
    return { changes: olds.name !== news.name, replaces: olds.name !== news.name ? ["name"] : [] };
  },
  async read(id, props) {
    return { id, props };
  },
  async delete() {},
};

class Greeting extends pulumi.dynamic.Resource {
  constructor(name, args, opts) {
    super(provider, name, { message: undefined, ...args }, opts, "smoke", "Greeting");
  }
}

module.exports = (name) => async () => {
  const g = new Greeting("g", { name });
  return { message: g.message, id: g.id };
};
