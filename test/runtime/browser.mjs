// Browser page script: runs the vectors against the bundled receiver and
// publishes the outcome on window.__vectors for the test to read.
import * as receiver from "pulumi-qstash/receiver";
import doc from "../vectors/receiver.json";
import { runVectors, summarize } from "./run-vectors.mjs";

runVectors(receiver, doc).then(
  (results) => {
    window.__vectors = { runtime: navigator.userAgent, summary: summarize(results), results };
  },
  (error) => {
    window.__vectors = { error: String(error?.stack ?? error) };
  },
);
