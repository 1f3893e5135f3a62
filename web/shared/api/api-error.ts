/** The API error, apart from client.ts so that session.ts (which client.ts uses) can make one without an import cycle. */
export interface ErrorDetail {
  path: string;
  message: string;
}

/** Every failure a screen sees: an API error, or `network` when the request never got an answer. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}
