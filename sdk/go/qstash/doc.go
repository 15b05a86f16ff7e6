// Upstash QStash URL groups, endpoints, schedules and queues (pulumi-qstash).
package qstash
