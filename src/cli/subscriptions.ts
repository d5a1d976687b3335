// `sitrep subscriptions [--platform P] [--workspace ID]`: every daily-summary subscription as a
// table, with the next post time and the last delivery result.
import { parseArgs } from "node:util";
import { describeLastDelivery, describeNextPost } from "../schedule/describe.ts";
import { openCliState, PLATFORMS, parsePlatform } from "./state.ts";
import type { Subcommand } from "./subcommand.ts";

const HEADER = [
  "ID",
  "PLATFORM",
  "WORKSPACE",
  "CHANNEL",
  "BRIEF",
  "TIME",
  "ZONE",
  "EMPTY",
  "NEXT",
  "LAST",
];

/** Left-aligned columns two spaces apart; the last column runs free. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

export default {
  usage: `[--platform ${PLATFORMS.join("|")}] [--workspace ID]`,
  async run(argv, io) {
    const { values } = parseArgs({
      args: [...argv],
      options: { platform: { type: "string" }, workspace: { type: "string" } },
    });
    const platform = values.platform === undefined ? undefined : parsePlatform(values.platform);
    const { state, catchUpHours } = await openCliState(io);
    try {
      const subs = await state.subscriptions.list({
        ...(platform === undefined ? {} : { platform }),
        ...(values.workspace === undefined ? {} : { workspace: values.workspace }),
      });
      if (subs.length === 0) {
        io.out("No subscriptions.");
        return 0;
      }
      const now = io.now();
      const rows: string[][] = [];
      for (const s of subs) {
        rows.push([
          String(s.id),
          s.platform,
          s.workspace,
          s.channel,
          s.brief,
          s.time,
          s.timezone,
          s.postWhenEmpty ? "post" : "skip",
          await describeNextPost(state.deliveries, s, now, catchUpHours),
          await describeLastDelivery(state.deliveries, s),
        ]);
      }
      io.out(formatTable([HEADER, ...rows]));
      return 0;
    } finally {
      await state.close();
    }
  },
} satisfies Subcommand;
