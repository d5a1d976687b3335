// `sitrep pending [--all]`: the claims submitted from chat that wait for an editor (with --all,
// the approved and rejected ones too), one line each with what the claim says.
import { parseArgs } from "node:util";
import { normalizeText } from "../answer/escape.ts";
import { formatAge } from "../answer/format.ts";
import { plain } from "../answer/model.ts";
import { reviewAnswer } from "../claims/review.ts";
import { openCliDesk } from "./claims-desk.ts";
import type { Subcommand } from "./subcommand.ts";
import { formatTable } from "./subscriptions.ts";

export default {
  usage: "[--all] [--briefs DIR]",
  async run(argv, io) {
    const { values } = parseArgs({
      args: [...argv],
      options: { all: { type: "boolean" }, briefs: { type: "string" } },
    });
    const opened = await openCliDesk(io, values.briefs);
    if (opened === undefined) return 1;
    try {
      const { desk, store } = opened;
      const list = values.all === true ? await desk.list() : await desk.pending();
      if (list.length === 0) {
        io.out(values.all === true ? "No claims from chat." : "No claims wait for an editor.");
        return 0;
      }
      const now = io.now();
      const rows = list.map((s) => {
        const fact = reviewAnswer(s, store, now).sections[0]?.facts[0];
        const state = s.state === "rejected" ? `rejected: ${s.reason ?? ""}` : s.state;
        return [
          `#${s.id}`,
          s.brief,
          String(s.claim.type ?? ""),
          normalizeText(s.submitterName ?? s.submitter),
          `${s.platform}`,
          formatAge(s.createdAt, now),
          normalizeText(state),
          normalizeText(fact === undefined ? "" : plain(fact.text)),
        ];
      });
      io.out(
        formatTable([
          ["ID", "BRIEF", "TYPE", "SUBMITTED BY", "FROM", "AGE", "STATE", "CLAIM"],
          ...rows,
        ]),
      );
      return 0;
    } finally {
      await opened.close();
    }
  },
} satisfies Subcommand;
