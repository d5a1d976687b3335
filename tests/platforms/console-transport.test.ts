import { describe, expect, it } from "vitest";
import { createConsoleTransport } from "../../src/platforms/console-transport.ts";

describe("createConsoleTransport", () => {
  it("prints the post as plain text with the channel it was for", async () => {
    const written: string[] = [];
    const transport = createConsoleTransport({ write: (text: string) => written.push(text) });
    const id = await transport.postMessage("console", {
      kind: "answer",
      title: "Daily summary",
      sections: [{ facts: [{ text: "HTS entered Saraqib" }] }],
    });
    expect(id).toBe("");
    expect(transport.platform).toBe("console");
    expect(written.join("")).toContain("[daily summary to #console]");
    expect(written.join("")).toContain("HTS entered Saraqib");
  });
});
