// Lint rules that encode the architecture (which layer may import what) more than taste; formatting is prettier's.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Modules a layer must not import, as no-restricted-imports patterns with a message saying why. */
const restrict = (...patterns) => ["error", { patterns }];

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "coverage/", ".local/", "tools/", "templates/", "**/*.js", "**/*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // A host module's whole export is a resource kind's provider object; `import x = require()` keeps it that object.
      "@typescript-eslint/no-require-imports": [
        "error",
        { allow: ["/host/friend-relation$", "/host/friend-set$", "/host/account$"] },
      ],
      // Every module that reads the network goes through the client's one transport.
      "no-restricted-imports": restrict({
        group: ["undici"],
        message: "Only provider/client/transport.ts imports undici (the one HTTP stack, with its timeouts and caps).",
      }),
    },
  },
  {
    files: ["provider/**/*.ts", "emulator/**/*.ts", "cli/**/*.ts"],
    ignores: ["provider/config/env.ts", "emulator/main.ts", "cli/main.ts"],
    rules: {
      // Settings flow stack config → configure → one validated config; the environment is read in one place.
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read the environment only in provider/config/env.ts." },
      ],
    },
  },
  {
    files: ["provider/friend-relation/**/*.ts"],
    rules: {
      "no-restricted-imports": restrict(
        { group: ["undici"], message: "Only provider/client/transport.ts imports undici." },
        {
          group: ["**/friend-set/**", "**/account/**"],
          message: "Resource folders never import each other: share through provider/friends/.",
        },
      ),
    },
  },
  {
    files: ["provider/friend-set/**/*.ts"],
    rules: {
      "no-restricted-imports": restrict(
        { group: ["undici"], message: "Only provider/client/transport.ts imports undici." },
        {
          group: ["**/friend-relation/**", "**/account/**"],
          message: "Resource folders never import each other: share through provider/friends/.",
        },
      ),
    },
  },
  {
    files: ["provider/account/**/*.ts"],
    rules: {
      "no-restricted-imports": restrict(
        { group: ["undici"], message: "Only provider/client/transport.ts imports undici." },
        { group: ["**/friend-relation/**", "**/friend-set/**"], message: "Resource folders never import each other." },
      ),
    },
  },
  {
    files: ["emulator/**/*.ts"],
    rules: {
      "no-restricted-imports": restrict(
        { group: ["undici"], message: "The emulator speaks node:http; its control client uses fetch." },
        {
          group: [
            "../provider/*",
            "!../provider/commands",
            "!../provider/signing",
            "!../provider/clock",
            "!../provider/loopback",
            "../../provider/*",
            "!../../provider/commands",
            "!../../provider/signing",
            "!../../provider/clock",
            "!../../provider/loopback",
          ],
          message:
            "The emulator shares only the command catalog, UserSig signing/verification, the clock and what counts as loopback with the provider.",
        },
      ),
    },
  },
  {
    files: ["provider/client/transport.ts", "test/**/*.ts", "bench/**/*.ts"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    files: ["test/**/*.ts", "bench/**/*.ts", "scripts/**/*.ts"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
