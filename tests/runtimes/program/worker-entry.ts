// Entry for workerd: a module worker that runs the checks on request, the configuration in the
// query string, and answers with the results as JSON.
import { runChecks, type ProgramConfig } from "./program.js";

export default {
  async fetch(request: Request): Promise<Response> {
    const config = JSON.parse(new URL(request.url).searchParams.get("config") ?? "{}") as ProgramConfig;
    const results = await runChecks(config);
    return Response.json({ runtime: `workerd (${navigator.userAgent})`, results });
  },
};
