import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * What a build of the plugin fixes: its version, the repository's address
 * (declared once, in package.json `repository`) and where Pulumi downloads
 * the plugin from. The self-contained bundle (scripts/build-plugin.mjs) has
 * them embedded at bundle time; the npm package's plugin reads its own
 * package.json.
 */
export interface BuildInfo {
  version: string;
  /** The repository's web address, e.g. https://github.com/<owner>/<repo>. */
  repository: string;
  /** Set at build time by PULUMI_QSTASH_PLUGIN_DOWNLOAD_URL; derived from `repository` when absent. */
  pluginDownloadURL?: string;
}

/**
 * Replaced by the bundler (esbuild `define`): package.json's version and
 * repository, and the PULUMI_QSTASH_PLUGIN_DOWNLOAD_URL of the build.
 */
declare const PULUMI_QSTASH_PACKAGE: { version: string; repository: unknown } | undefined;
declare const PULUMI_QSTASH_PLUGIN_DOWNLOAD_URL: string | undefined;

/** The repository field of package.json as a web address (`git+https://….git` and `github:o/r` forms too). */
export function repositoryAddress(field: unknown): string {
  const raw =
    typeof field === "string"
      ? field
      : field && typeof field === "object" && typeof (field as { url?: unknown }).url === "string"
        ? (field as { url: string }).url
        : "";
  const address = raw
    .replace(/^github:/, "https://github.com/")
    .replace(/^git\+/, "")
    .replace(/\.git$/, "")
    .replace(/\/+$/, "");
  if (!/^https:\/\/[^/]+\/[^/]+\/[^/]+$/.test(address)) {
    throw new Error(
      `package.json repository: expected https://<host>/<owner>/<repo>, got ${JSON.stringify(field)}`,
    );
  }
  return address;
}

/** The BuildInfo of a package.json's contents. */
export function buildInfoFrom(
  pkg: { version?: unknown; repository?: unknown },
  pluginDownloadURL?: string,
): BuildInfo {
  if (typeof pkg.version !== "string") throw new Error("package.json version: expected a string");
  return {
    version: pkg.version,
    repository: repositoryAddress(pkg.repository),
    ...(pluginDownloadURL ? { pluginDownloadURL } : {}),
  };
}

/**
 * This process's BuildInfo: embedded in the bundle, else from the package's
 * package.json (dist/cjs/provider/plugin/main.js sits four folders below it).
 */
export function buildInfo(): BuildInfo {
  if (typeof PULUMI_QSTASH_PACKAGE !== "undefined") {
    const url =
      typeof PULUMI_QSTASH_PLUGIN_DOWNLOAD_URL === "string" ? PULUMI_QSTASH_PLUGIN_DOWNLOAD_URL : "";
    return buildInfoFrom(PULUMI_QSTASH_PACKAGE, url || undefined);
  }
  const pkg = join(dirname(process.argv[1] ?? ""), "../../../../package.json");
  return buildInfoFrom(JSON.parse(readFileSync(pkg, "utf8")));
}

/** Everything the package schema says about where the package comes from, derived from BuildInfo. */
export interface Publishing {
  homepage: string;
  repository: string;
  publisher: string;
  pluginDownloadURL: string;
  /** The Go module of sdk/go (`/v<major>` from 2 on, as Go requires). */
  goModulePath: string;
  /** The Go package of the SDK: `<goModulePath>/qstash`. */
  goImportBasePath: string;
}

export function publishing(info: BuildInfo): Publishing {
  const url = new URL(info.repository);
  const [owner = "", repo = ""] = url.pathname.split("/").filter(Boolean);
  const major = Number(info.version.split(".")[0]);
  const goModulePath = `${url.host}/${owner}/${repo}/sdk/go${major >= 2 ? `/v${major}` : ""}`;
  return {
    homepage: info.repository,
    repository: info.repository,
    publisher: owner,
    // Pulumi's github:// source takes the release of <owner>/pulumi-<name> unless a repository follows
    pluginDownloadURL:
      info.pluginDownloadURL ??
      (url.host === "github.com"
        ? `github://api.github.com/${owner}${repo === "pulumi-qstash" ? "" : `/${repo}`}`
        : `${info.repository}/releases/download/v${info.version}`),
    goModulePath,
    goImportBasePath: `${goModulePath}/qstash`,
  };
}
