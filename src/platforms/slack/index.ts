// The Slack platform's public face: start the Bolt app; the rest of the folder is its parts.
export {
  readSlackSettings,
  type SlackOptions,
  type SlackRuntime,
  type SlackSettings,
  startSlack,
} from "./start.ts";
export { createSlackTransport, toDeliveryError } from "./transport.ts";
export { signSlackRequest, verifySlackSignature } from "./verify.ts";
