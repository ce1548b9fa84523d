/** Where a subcommand writes, and what it ends with; main.ts binds them to the process. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface Outcome {
  exitCode: number;
}

/** The directory of the working directory where `apply` keeps its Pulumi workspace and, by default, its state. */
export const STATE_DIR = ".tencent-chat";
