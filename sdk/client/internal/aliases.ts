// The official SDK adds these fields to what QStash returns; so do we, in the
// run-time checks and types of ./shapes.ts.

/** The official SDK's client-side alias `urlGroup` (= `topicName`). */
export function withUrlGroup<T extends { topicName?: string | undefined }>(m: T): T & { urlGroup?: string } {
  const o = m as T & { urlGroup?: string };
  if (m.topicName !== undefined) o.urlGroup = m.topicName;
  return o;
}

/** The official SDK's aliases `urlGroup` (= `topicName`) and `ratePerSecond` (= `rate`). */
export function withAliases<T extends { topicName?: string | undefined; rate?: number | undefined }>(
  m: T,
): T & { urlGroup?: string; ratePerSecond?: number } {
  const o = withUrlGroup(m) as T & { urlGroup?: string; ratePerSecond?: number };
  if (m.rate !== undefined) o.ratePerSecond = m.rate;
  return o;
}
