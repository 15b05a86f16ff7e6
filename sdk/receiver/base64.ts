/**
 * The package's one base64 codec, on `atob`/`btoa` so it runs in every
 * runtime without `Buffer`. JWT segments and digests are unpadded base64url;
 * QStash's `body` claim is padded base64url; Lambda bodies are plain base64.
 * @module
 */

/** base64url of `bytes`, without `=` padding unless `pad` is set. */
export function encodeBase64Url(bytes: Uint8Array, pad = false): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]!);
  const s = btoa(bin).replace(/\+/g, "-").replace(/\//g, "_");
  return pad ? s : s.replace(/=+$/, "");
}

/**
 * Bytes of base64 or base64url text, padded or not. Throws a `DOMException`
 * (from `atob`) when the text is not base64.
 */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}
