// `sitrep reject ID --reason TEXT [--as NAME]`: rejects a pending claim from chat; it is kept
// with the reason. Exit 1 when it is not pending.
import { parseArgs } from "node:util";
import { openCliDesk, parseClaimId, terminalEditor } from "./claims-desk.ts";
import { type Subcommand, UsageError } from "./subcommand.ts";

export default {
  usage: "ID --reason TEXT [--as NAME] [--briefs DIR]",
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { reason: { type: "string" }, as: { type: "string" }, briefs: { type: "string" } },
    });
    const id = parseClaimId(positionals[0]);
    const reason = values.reason?.trim();
    if (reason === undefined || reason === "") throw new UsageError("--reason is required");
    const opened = await openCliDesk(io, values.briefs);
    if (opened === undefined) return 1;
    try {
      const decision = await opened.desk.reject(id, terminalEditor(values.as, io), reason);
      if (!decision.ok) {
        io.err(decision.message);
        return 1;
      }
      io.out(`Rejected claim #${id}: ${reason}`);
      return 0;
    } finally {
      await opened.close();
    }
  },
} satisfies Subcommand;
