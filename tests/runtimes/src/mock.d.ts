// The mock is JavaScript; this is the part of its API the runtime tests use.
declare module "@postmark-openapi/mock" {
  export function startMockServer(options?: { port?: number; host?: string; quiet?: boolean; mode?: "static" | "emulator" }): Promise<{
    url: string;
    host: string;
    port: number;
    close(): Promise<void>;
  }>;
}
