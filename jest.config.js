/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // Type checking is done once by `tsc --noEmit` in `npm test`; ts-jest only transpiles.
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: { isolatedModules: true }, diagnostics: false }] },
  testTimeout: 30000,
  // Most time goes to child processes (the Pulumi CLI, npm, the emulator) waiting on each other: two workers keep
  // both cores busy where the default (cores - 1) leaves one idle.
  maxWorkers: 2,
};
