/** Refuse to take over an object the stack did not create. */
export class AdoptionRefusedError extends Error {
  constructor(kind: string, what: string) {
    super(
      `${kind} ${what} already exists in QStash and is not managed by this stack. ` +
        "Set `adopt: true` on the resource to take it over (the replacement for `pulumi import`), " +
        "or choose another name.",
    );
    this.name = "AdoptionRefusedError";
  }
}
