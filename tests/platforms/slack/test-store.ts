// A small brief built in code, so the Slack tests do not depend on the real briefs.
import { createBrief } from "../../../src/store/brief.ts";
import { Actor, BriefMeta, Claim, Place, Source } from "../../../src/store/schema.ts";
import type { Store } from "../../../src/store/types.ts";

export function createTestStore(): Store {
  const brief = createBrief({
    id: "test-brief",
    dir: "/tmp/test-brief",
    meta: BriefMeta.parse({ title: "Test offensive", timezone: "Asia/Damascus", region: "idlib" }),
    sources: [
      Source.parse({ id: "sohr", name: "SOHR", kind: "monitor", reliability: "B" }),
      Source.parse({ id: "sana", name: "SANA", kind: "state-media", reliability: "D" }),
    ],
    actors: [
      Actor.parse({ id: "hts", name: "Hayat Tahrir al-Sham", short: "HTS" }),
      Actor.parse({ id: "saa", name: "Syrian Arab Army", short: "the army" }),
    ],
    places: [
      Place.parse({ id: "idlib", name: "Idlib", kind: "governorate" }),
      Place.parse({
        id: "saraqib",
        name: "Saraqib",
        kind: "town",
        in: "idlib",
        aliases: ["Saraqeb"],
      }),
    ],
    claimFiles: [
      {
        file: "claims/2024-11-29.yaml",
        claims: [
          Claim.parse({
            type: "toll",
            source: "sohr",
            reported: "2024-11-29T12:00:00Z",
            metric: "killed",
            count: 255,
            qualifier: "more-than",
            place: "idlib",
          }),
          Claim.parse({
            type: "control",
            source: "sohr",
            reported: "2024-11-29T14:00:00Z",
            place: "saraqib",
            actor: "hts",
            status: "entered",
          }),
          Claim.parse({
            type: "control",
            source: "sana",
            reported: "2024-11-29T15:00:00Z",
            place: "saraqib",
            actor: "saa",
            status: "controls",
          }),
        ],
      },
    ],
  });
  return { briefs: new Map([[brief.id, brief]]), root: "/tmp", loadedAt: 0 };
}
