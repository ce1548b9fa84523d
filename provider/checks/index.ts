export * from "./closest-name";
export * from "./failures";
export * from "./property-path";
export * from "./records";
export * from "./unknown-values";
