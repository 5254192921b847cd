// The `feedback:` section of the configuration (schemas/config/feedback.schema.json).

export type FeedbackConfig = Record<string, never>;
