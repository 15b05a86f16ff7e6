// What the QStash API answers, as the client hands it back, under its public
// names. Field names are the API's (and so the official SDK's). Each type is
// the one its run-time check in ./internal/shapes.ts produces, so a response
// is described in one place; the declarations never name zod (a project
// compiled without `esModuleInterop` and without `skipLibCheck`, Pulumi's own
// TypeScript template, would otherwise trip over zod's). Every answer may
// carry fields QStash adds later: they pass through, hence the index signatures.

export type {
  CancelledAnswer,
  DlqDeletedAnswer,
  DlqMessage,
  DlqPageAnswer,
  DlqRetriedAnswer,
  Endpoint,
  FlowControlInfo,
  GlobalParallelismInfo,
  HeaderMap,
  Log,
  LogPageAnswer,
  Message,
  PublishToUrlResponse,
  QueueInfo,
  Schedule,
  ScheduleIdAnswer,
  SigningKeys,
  UrlGroup,
} from "./internal/shapes.js";
