/** The one source of time for the provider and client, injectable so tests can fake it. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export function systemClock(): Clock {
  return { now: () => Date.now() };
}
