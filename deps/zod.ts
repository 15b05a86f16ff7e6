/**
 * The parts of zod the provider's input schemas use. The build replaces this
 * module's output with a bundle that carries them inside it
 * (scripts/build.mjs), so the installed package needs no zod: a handler that
 * installs pulumi-qstash for its receiver or client does not download it.
 * Named, not `export { z }`: the whole namespace (every locale, every
 * format) would bundle four times larger. Use it as `import * as z`.
 * @internal
 * @module
 */
export type { core, input, output, RefinementCtx, ZodObject, ZodType } from "zod";
export {
  array,
  boolean,
  enum,
  literal,
  NEVER,
  number,
  record,
  registry,
  strictObject,
  string,
  toJSONSchema,
  union,
  ZodError,
} from "zod";
