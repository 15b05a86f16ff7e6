/**
 * The signing keys flow from QStash into the handler's environment through
 * Pulumi, so a key rotation is one `pulumi up` away from every handler.
 *
 * QStash signs with the *current* key and, after a rotation, the old *next*
 * key becomes current. A handler configured with both keys therefore keeps
 * verifying across one rotation without a redeploy; `pulumi up` afterwards
 * picks up the new pair (current = old next, next = a fresh key) and is ready
 * for the following rotation.
 */
import * as pulumi from "@pulumi/pulumi";
import { getSigningKeysOutput, Schedule } from "pulumi-qstash";

export default async () => {
  const config = new pulumi.Config();
  const handlerUrl = config.require("handlerUrl"); // e.g. https://your-app.vercel.app/api/qstash

  // Secret outputs: never printed, encrypted in state.
  const keys = getSigningKeysOutput();

  // Hand these to the handler's platform, e.g.
  //   new aws.lambda.Function("handler", { environment: { variables: handlerEnvironment }, ... })
  //   new vercel.ProjectEnvironmentVariable("current", { key: "QSTASH_CURRENT_SIGNING_KEY", value: keys.currentSigningKey, ... })
  //   new cloudflare.WorkersSecret("current", { name: "QSTASH_CURRENT_SIGNING_KEY", secretText: keys.currentSigningKey, ... })
  const handlerEnvironment = pulumi.secret({
    QSTASH_CURRENT_SIGNING_KEY: keys.currentSigningKey,
    QSTASH_NEXT_SIGNING_KEY: keys.nextSigningKey,
  });

  const heartbeat = new Schedule("heartbeat", {
    destination: handlerUrl,
    cron: "* * * * *",
    body: JSON.stringify({ task: "heartbeat" }),
  });

  return { handlerEnvironment, heartbeatScheduleId: heartbeat.scheduleId };
};
