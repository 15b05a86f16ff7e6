/**
 * Bringing hand-made QStash objects under Pulumi. Dynamic providers cannot
 * support `pulumi import`; instead, declare the object as it should be and set
 * `adopt: true`. The first `pulumi up` takes the existing object over (and
 * applies any difference in place) instead of failing with "already exists".
 *
 * Without `adopt`, creating a URL group whose endpoints differ or a schedule
 * whose explicit `scheduleId` exists is refused, so nothing is overwritten by
 * accident. Once adopted, `adopt` can stay or go: it only matters at create.
 */
import * as pulumi from "@pulumi/pulumi";
import { Schedule, UrlGroup } from "pulumi-qstash";

export default async () => {
  const appUrl = new pulumi.Config().require("appUrl");

  // Same name as the hand-made group: adopted, endpoints reconciled in place.
  const billing = new UrlGroup("billing", {
    name: "billing",
    endpoints: [
      { name: "invoices", url: `${appUrl}/api/invoices` },
      { name: "ledger", url: `${appUrl}/api/ledger` },
    ],
    adopt: true,
  });

  // A schedule is found by its id: give the hand-made schedule's id explicitly.
  const cleanup = new Schedule("nightly-cleanup", {
    scheduleId: "nightly-cleanup",
    destination: `${appUrl}/api/cleanup`,
    cron: "0 3 * * *",
    body: JSON.stringify({ task: "cleanup" }),
    retries: 2,
    adopt: true,
  });

  return { urlGroup: billing.name, cleanupScheduleId: cleanup.scheduleId };
};
