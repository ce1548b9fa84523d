export * from "./descriptor";
export * from "./wire";
export * from "./catalog";
export * from "./error-codes";
export * from "./limits";
export * from "./tags";
