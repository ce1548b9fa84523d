export * from "./coalescer";
export * from "./errors";
export * from "./friend-batcher";
