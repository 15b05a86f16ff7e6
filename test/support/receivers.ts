// `Receiver` on each crypto backend, whichever `#crypto` picks for this
// process: the tests prove both give the same answers.
import { type ReceiverConfig, ReceiverCore, type VerifyRequest } from "../../sdk/receiver/core.js";
import { backend as nodeBackend } from "../../sdk/receiver/crypto/node-crypto.node.js";
import type { CryptoBackend } from "../../sdk/receiver/crypto/types.js";
import { backend as webBackend } from "../../sdk/receiver/crypto/web-crypto.js";
import { makeSigner } from "../../sdk/receiver/sign.js";

function receiverOn(backend: CryptoBackend) {
  return class extends ReceiverCore {
    constructor(config: ReceiverConfig) {
      super(config, backend);
    }
  };
}

export const WebReceiver = receiverOn(webBackend);
export const NodeReceiver = receiverOn(nodeBackend);
export const webVerify = (o: ReceiverConfig & VerifyRequest) => new WebReceiver(o).verify(o);
export const nodeVerify = (o: ReceiverConfig & VerifyRequest) => new NodeReceiver(o).verify(o);
export const webSigner = makeSigner(webBackend);
export const nodeSigner = makeSigner(nodeBackend);
