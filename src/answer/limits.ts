// Every platform limit the renderers keep, named once. Numbers come from the platforms' own
// specs (specs/slack/block-kit-limits.tsv and SOURCE.md; specs/discord, which is
// Discord's OpenAPI description). All lengths are JS string lengths (UTF-16 code units): never
// fewer than the characters the platforms count, so a payload within these is within theirs.

export const SLACK_LIMITS = {
  /** Blocks in one message. */
  blocksPerMessage: 50,
  /** Text of a section block: 1 to 3000 characters (SectionBlock text_max_length). */
  sectionText: 3000,
  /** Fields of a section block (SectionBlock fields_max_length), each at most 2000 characters. */
  sectionFields: 10,
  sectionFieldText: 2000,
  /** Text of a header block (HeaderBlock text_max_length), plain_text only. */
  headerText: 150,
  /** Elements of a context block (ContextBlock elements_max_length). */
  contextElements: 10,
  /** A text object in a context block: Slack documents no smaller number than a section's. */
  contextElementText: 3000,
  /** Block ids (Block block_id_max_length). */
  blockId: 255,
  /**
   * Text over all blocks of a message. Slack refuses a message past about 13,000 characters
   * with `msg_blocks_too_long` without saying exactly how it counts, so this keeps a margin.
   */
  messageBlocksText: 12_000,
  /** The top-level `text` fallback: Slack cuts it past this. */
  fallbackText: 40_000,
} as const;

export const DISCORD_LIMITS = {
  embedTitle: 256,
  embedDescription: 4096,
  fieldsPerEmbed: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedsPerMessage: 10,
  /** Title, description, field names and values, footer text and author name over all embeds. */
  embedsTotalText: 6000,
} as const;

/** Slack's documented app manifest limits (characters). */
export const SLACK_MANIFEST_LIMITS = {
  appName: 35,
  appDescription: 140,
  command: 32,
  commandDescription: 2000,
  usageHint: 1000,
} as const;

/** Discord's limits on autocomplete: at most 25 choices, names and values up to 100 characters. */
export const DISCORD_AUTOCOMPLETE_LIMITS = {
  choices: 25,
  choiceText: 100,
} as const;

/** Slack modals (views) and their inputs, from Block Kit's reference. */
export const SLACK_FORM_LIMITS = {
  /** A view's title, submit and close texts. */
  viewTitle: 24,
  /** An input block's label. */
  label: 2000,
  placeholder: 150,
  /** An option's text and value (static and external selects). */
  optionText: 75,
  optionValue: 150,
  /** Options in one select or one options-load response. */
  options: 100,
  /** A plain-text input's initial value and max_length. */
  inputText: 3000,
  privateMetadata: 3000,
} as const;

/** Discord modals, text inputs and autocomplete, from its API reference. */
export const DISCORD_FORM_LIMITS = {
  modalTitle: 45,
  /** Action rows (one text input each) in a modal. */
  modalInputs: 5,
  textInputLabel: 45,
  textInputValue: 4000,
  placeholder: 100,
  /** A custom_id of a component or modal. */
  customId: 100,
  /** Autocomplete choices, and each choice's name. */
  choices: 25,
  choiceName: 100,
} as const;
