export interface VectorResult {
  name: string;
  expect: string;
  got: string;
  pass: boolean;
}
export function runVectors(
  mod: { Receiver: new (config: any) => { verify(req: any): Promise<boolean> } },
  doc: unknown,
): Promise<VectorResult[]>;
export function summarize(results: VectorResult[]): string;
