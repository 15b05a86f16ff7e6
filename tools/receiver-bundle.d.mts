export const root: string;
export interface BundleResult {
  bytes: number;
  inputs: Array<{ path: string; bytes: number }>;
  code: string;
}
export function bundle(
  source: string,
  options?: { minify?: boolean; format?: "esm" | "iife" },
): Promise<BundleResult>;
export function receiverBundleReport(): Promise<{
  ours: BundleResult;
  all: BundleResult;
  official: BundleResult;
  ratio: number;
}>;
