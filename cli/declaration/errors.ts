import { ErrorCodes, TencentChatError } from "../../provider/errors";

/** One problem of a declaration file: where it is, which property, and the rule it breaks. */
export interface DeclarationProblem {
  /** 1-based; absent for a problem of the file as a whole (missing, unreadable, wrong extension). */
  line?: number;
  /** 1-based, counted in UTF-16 code units as the YAML parser counts them; absent with `line`. */
  column?: number;
  /** The property path, e.g. `accounts.alice.friends.bob.remark`; "" for a syntax error or the file as a whole. */
  path: string;
  message: string;
}

/** `seed.yaml:12:9: accounts.alice.friends.bob.remark: remark must be …`, the form compilers use. */
export function problemLine(file: string, problem: DeclarationProblem): string {
  const where = problem.line === undefined ? file : `${file}:${problem.line}:${problem.column ?? 1}`;
  return problem.path ? `${where}: ${problem.path}: ${problem.message}` : `${where}: ${problem.message}`;
}

/** File-level problems first, then by line and column; the order of discovery breaks ties. */
export function sortProblems(problems: readonly DeclarationProblem[]): DeclarationProblem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/**
 * A declaration file that cannot be used: unreadable, not YAML/JSON, or breaking a rule. The message has one line per
 * problem, sorted by position, so the CLI prints it as it is and exits non-zero.
 */
export class DeclarationFileError extends TencentChatError {
  /** Pulumi's RunError brand: in a program (declareFromFile), the engine prints the message alone, no stack. */
  readonly __pulumiRunError = true;
  readonly file: string;
  readonly problems: readonly DeclarationProblem[];

  constructor(file: string, problems: readonly DeclarationProblem[]) {
    const sorted = sortProblems(problems);
    super(ErrorCodes.INVALID_INPUTS, sorted.map((problem) => problemLine(file, problem)).join("\n"));
    this.file = file;
    this.problems = sorted;
  }
}
