// Daily summaries: what the rest of the bot uses from the scheduling module.
export { createSubscriptionService, type SubscriptionServiceOptions } from "./admin.ts";
export {
  createScheduler,
  type DeliveryOutcome,
  type Scheduler,
  type SchedulerOptions,
} from "./scheduler.ts";
