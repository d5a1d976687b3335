// `sitrep approve ID [--as NAME]`: writes a pending claim from chat into its brief's claims file
// (and commits it with BRIEFS_GIT_COMMIT=1). Exit 1 when it cannot be approved; it stays pending.
import { parseArgs } from "node:util";
import { openCliDesk, parseClaimId, terminalEditor } from "./claims-desk.ts";
import type { Subcommand } from "./subcommand.ts";

export default {
  usage: "ID [--as NAME] [--briefs DIR]",
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { as: { type: "string" }, briefs: { type: "string" } },
    });
    const id = parseClaimId(positionals[0]);
    const opened = await openCliDesk(io, values.briefs);
    if (opened === undefined) return 1;
    try {
      const decision = await opened.desk.approve(id, terminalEditor(values.as, io));
      if (!decision.ok) {
        io.err(decision.message);
        return 1;
      }
      const { submission } = decision;
      io.out(`Approved claim #${id} into ${submission.brief}/${submission.file}.`);
      if (decision.warning !== undefined) io.err(decision.warning);
      return 0;
    } finally {
      await opened.close();
    }
  },
} satisfies Subcommand;
