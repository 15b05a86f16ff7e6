export interface Proc {
  pid: number;
  ppid: number;
  cmd: string[];
}
export declare function processes(): Proc[];
export declare function descendants(root?: number): Proc[];
export declare function pulumiProcesses(root?: number): Proc[];
export declare function providerProcesses(root?: number): Proc[];
/** SIGKILL `pulumi` and everything under it, by pid; returns what was killed. */
export declare function killPulumi(root?: number): Proc[];
export declare function peakRssMb(pid: number): number | undefined;
export declare function samplePeak(find: () => Proc[], everyMs?: number): { stop(): number };
