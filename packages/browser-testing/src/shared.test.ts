// The shared Chromium: one server, several files connected to it, each in contexts of its own.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { BrowserServer } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectChromium, launchChromiumServer } from "./shared.js";

let server: Server;
let url: string;
let chromium: BrowserServer;

beforeAll(async () => {
  server = createServer((request, response) => {
    response.setHeader("content-type", "text/html");
    response.end(`<title>${request.url === "/other" ? "other" : "local"}</title><script>document.cookie = "seen=" + location.pathname</script>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  chromium = await launchChromiumServer();
});

afterAll(async () => {
  await chromium?.close();
  await new Promise((resolve) => server.close(resolve));
});

describe("launchChromiumServer and connectChromium", () => {
  it("serve two connections at once, each with its own cookies, and outlive a disconnect", async () => {
    const first = await connectChromium(chromium.wsEndpoint());
    const second = await connectChromium(chromium.wsEndpoint());
    const [firstPage, secondPage] = await Promise.all([first.newPage(), second.newPage()]);
    await firstPage.goto(`${url}/`);
    await secondPage.goto(`${url}/other`);
    expect(await firstPage.title()).toBe("local");
    expect(await secondPage.title()).toBe("other");
    expect((await firstPage.context().cookies()).map((cookie) => cookie.value)).toEqual(["/"]);
    expect((await secondPage.context().cookies()).map((cookie) => cookie.value)).toEqual(["/other"]);

    await first.close();
    expect(second.isConnected()).toBe(true);
    const third = await connectChromium(chromium.wsEndpoint());
    const page = await third.newPage();
    await page.goto(`${url}/`);
    expect(await page.title()).toBe("local");
    await Promise.all([second.close(), third.close()]);
  });
});
