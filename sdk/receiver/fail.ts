/**
 * Throws the receiver's one error type; shared by the token, claims and
 * core steps so each reads as a list of checks.
 * @module
 */
import { SignatureError, type SignatureErrorCode } from "../errors.js";

/** Throws a {@link SignatureError} with a stable code and a message that says why. */
export function fail(code: SignatureErrorCode, message: string): never {
  throw new SignatureError(code, message);
}
