// The Discord platform's public face: gateway mode, HTTP interactions mode, the scheduler's
// transport and command registration.
export { discordCommandBodies } from "./definitions.ts";
export {
  attachDiscordHandlers,
  createDiscordClient,
  type DiscordGateway,
  type DiscordGatewayOptions,
  startDiscordGateway,
} from "./gateway.ts";
export {
  DISCORD_INTERACTIONS_PATH,
  type DiscordInteractionsOptions,
  discordInteractionsRoute,
} from "./http-interactions.ts";
export type { DiscordHandlerOptions } from "./interactions.ts";
export { registerDiscordCommands } from "./register.ts";
export { createDiscordRest } from "./rest.ts";
export { createDiscordTransport } from "./transport.ts";
