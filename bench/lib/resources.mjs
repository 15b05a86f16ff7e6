// The resource mix the provider and plugin benches deploy: `n` resources of
// the resources.cjs program, a fifth each queues, URL groups and endpoints (of
// one shared group) and two fifths schedules, all delivering to `hook`.

/** `{ resources }` for test/e2e/programs/resources.cjs. */
export function mixedResources(n, hook) {
  const resources = [];
  for (let i = 0; i < n; i++) {
    const kind = i % 5;
    if (kind === 0) resources.push({ type: "Queue", name: `q${i}`, args: { name: `q${i}`, parallelism: 2 } });
    else if (kind === 1)
      resources.push({
        type: "UrlGroup",
        name: `g${i}`,
        args: { name: `g${i}`, endpoints: [{ url: `${hook}/g${i}` }] },
      });
    else if (kind === 2)
      resources.push({
        type: "Endpoint",
        name: `e${i}`,
        args: { urlGroup: "shared", url: `${hook}/e${i}`, name: `e${i}` },
      });
    else
      resources.push({
        type: "Schedule",
        name: `s${i}`,
        args: { destination: `${hook}/s${i}`, cron: "0 * * * *", headers: { "X-Id": `s${i}` }, retries: 2 },
      });
  }
  return { resources };
}
