// The quickstart program (Pulumi.yaml's `main`). Pulumi calls the exported
// function and exports what it returns as stack outputs.
const pulumi = require("@pulumi/pulumi");
const { getSigningKeysOutput, Queue, Schedule, UrlGroup } = require("pulumi-qstash");

module.exports = async () => {
  const config = new pulumi.Config("quickstart");
  // Where deliveries go: `npm start` runs a local handler and sets this.
  const handlerUrl = config.require("handlerUrl").replace(/\/$/, "");
  // A value only the handler should see, forwarded as a header: kept secret in state.
  const apiKey = config.getSecret("apiKey") ?? pulumi.secret("quickstart-api-key");

  // One publish to the group reaches both endpoints.
  const orders = new UrlGroup("orders", {
    name: "orders",
    endpoints: [
      { name: "primary", url: `${handlerUrl}/orders/primary` },
      { name: "audit", url: `${handlerUrl}/orders/audit` },
    ],
  });

  // Every hour, publish a message to the group.
  const hourly = new Schedule("orders-hourly", {
    destination: orders,
    cron: "0 * * * *",
    body: JSON.stringify({ job: "reconcile-orders" }),
    labels: ["quickstart"],
  });

  // Every night at 02:30 Berlin time, call one URL with a secret header.
  const nightly = new Schedule("nightly-cleanup", {
    destination: `${handlerUrl}/cleanup`,
    cron: "CRON_TZ=Europe/Berlin 30 2 * * *",
    method: "POST",
    headers: { "X-Api-Key": apiKey },
    retries: 5,
  });

  const emails = new Queue("emails", { name: "emails", parallelism: 2 });

  // The keys a handler needs to verify deliveries, as secret outputs.
  const keys = getSigningKeysOutput();

  return {
    urlGroup: orders.name,
    hourlyScheduleId: hourly.scheduleId,
    nightlyScheduleId: nightly.scheduleId,
    queue: emails.name,
    currentSigningKey: keys.currentSigningKey,
    nextSigningKey: keys.nextSigningKey,
  };
};
