// The slice of the Deno namespace examples/deno uses, for `npm run typecheck`
// only (Deno itself brings the real declarations; this file is not part of the example).
declare namespace Deno {
  const env: { get(name: string): string | undefined };
  function serve(
    options: {
      hostname?: string;
      port?: number;
      onListen?: (addr: { hostname: string; port: number }) => void;
    },
    handler: (request: Request) => Response | Promise<Response>,
  ): { finished: Promise<void>; shutdown(): Promise<void> };
}
