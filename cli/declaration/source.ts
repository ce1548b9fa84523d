import {
  type Document,
  LineCounter,
  type Node as YamlNode,
  type YAMLMap,
  type YAMLSeq,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
} from "yaml";
import { propertyPath } from "../../provider/checks";
import type { DeclarationProblem } from "./errors";

/**
 * The text of a declaration file as a tree of maps, lists and scalars, each with its 1-based position. The YAML AST
 * is walked rather than turned into objects, so a key is only ever a name (`__proto__` included) and every value
 * keeps the place it was written. JSON is read by the same parser, with its JSON schema.
 */

export type Format = "yaml" | "json";

export interface Position {
  line: number;
  column: number;
}

export type SourceNode = MapNode | SeqNode | ScalarNode;

export interface MapNode {
  kind: "map";
  at: Position;
  entries: SourceEntry[];
}

export interface SeqNode {
  kind: "seq";
  at: Position;
  items: SourceNode[];
}

export interface ScalarNode {
  kind: "scalar";
  at: Position;
  value: string | number | boolean | null;
  /** The name the scalar spells: a plain scalar's own text (`123`, `null`), a quoted one's string. */
  text: string;
}

export interface SourceEntry {
  /** Always text: a plain key `123:` is the name "123", not a number. */
  key: string;
  keyAt: Position;
  value: SourceNode;
}

export interface SourceDocument {
  /** Undefined when the file holds no document (empty, or comments only) or has syntax errors. */
  root: SourceNode | undefined;
  /** Where the document starts, for problems about the whole of it. */
  start: Position;
  problems: DeclarationProblem[];
}

/** Aliases may repeat a node, not multiply a file: past this many nodes per character of text, reading stops. */
const NODES_PER_CHARACTER = 10;
const MIN_NODE_BUDGET = 10_000;

export function readSource(text: string, format: Format): SourceDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    // Duplicate keys are reported by the walk below, by name, with the place of the first.
    uniqueKeys: false,
    schema: format === "json" ? "json" : "core",
  });
  const positionOf = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const start = positionOf(doc.contents?.range?.[0] ?? 0);
  // A warning (an unknown tag, say) means the value is not what it looks like: treated as an error.
  const syntax = [...doc.errors, ...doc.warnings].map((error): DeclarationProblem => ({
    ...positionOf(error.pos[0]),
    path: "",
    message: error.message.replace(/\s*\n\s*/g, " "),
  }));
  if (syntax.length > 0) return { root: undefined, start, problems: syntax };
  if (doc.contents === null) return { root: undefined, start, problems: [] };
  const reader = new TreeReader(doc, positionOf, Math.max(MIN_NODE_BUDGET, text.length * NODES_PER_CHARACTER));
  const root = reader.read(doc.contents, []);
  return { root, start, problems: reader.problems };
}

class TreeReader {
  readonly problems: DeclarationProblem[] = [];
  /** The collections being read, from the root down: an alias to one of them would never end. */
  private readonly open = new Set<YamlNode>();
  private exhausted = false;

  constructor(
    private readonly doc: Document,
    private readonly positionOf: (offset: number) => Position,
    private nodeBudget: number,
  ) {}

  /** `at` replaces the node's own position inside an alias, so a problem points where the value is used. */
  read(node: YamlNode, path: PropertyKey[], at?: Position): SourceNode {
    const here = at ?? this.positionOf(node.range?.[0] ?? 0);
    if (--this.nodeBudget < 0) {
      if (!this.exhausted) this.report(here, path, "aliases expand to too many values for the size of the file");
      this.exhausted = true;
      return { kind: "scalar", at: here, value: null, text: "" };
    }
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (target === undefined || this.open.has(target)) {
        this.report(
          here,
          path,
          `alias *${node.source} ${target ? "refers to a value that contains it" : "is not defined"}`,
        );
        return { kind: "scalar", at: here, value: null, text: "" };
      }
      return this.read(target, path, here);
    }
    if (isMap(node) || isSeq(node)) {
      this.open.add(node);
      const collection = isMap(node) ? this.readMap(node, path, here, at) : this.readSeq(node, path, here, at);
      this.open.delete(node);
      return collection;
    }
    if (isScalar(node)) {
      const value = node.value;
      if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
        return { kind: "scalar", at: here, value, text: scalarText(value, node.source) };
      }
      this.report(here, path, `expected a string, a number, true, false or null, got ${node.tag ?? typeof value}`);
      return { kind: "scalar", at: here, value: null, text: "" };
    }
    this.report(here, path, "expected a mapping, a list or a scalar");
    return { kind: "scalar", at: here, value: null, text: "" };
  }

  private readMap(node: YAMLMap, path: PropertyKey[], here: Position, at: Position | undefined): MapNode {
    const entries: SourceEntry[] = [];
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      const keyAt = at ?? (keyNode?.range ? this.positionOf(keyNode.range[0]) : here);
      if (!isScalar(keyNode)) {
        this.report(keyAt, path, "a key must be a name, not a list, mapping or alias");
        continue;
      }
      const key = scalarText(keyNode.value, keyNode.source);
      const valueNode = pair.value as YamlNode | null;
      const value: SourceNode = valueNode
        ? this.read(valueNode, [...path, key], at)
        : { kind: "scalar", at: keyAt, value: null, text: "" };
      entries.push({ key, keyAt, value });
    }
    return { kind: "map", at: here, entries };
  }

  private readSeq(node: YAMLSeq, path: PropertyKey[], here: Position, at: Position | undefined): SeqNode {
    const items = node.items.map((item, index): SourceNode => {
      if (item === null) return { kind: "scalar", at: here, value: null, text: "" };
      return this.read(item as YamlNode, [...path, index], at);
    });
    return { kind: "seq", at: here, items };
  }

  private report(at: Position, path: readonly PropertyKey[], message: string): void {
    this.problems.push({ ...at, path: propertyPath(path), message });
  }
}

function scalarText(value: unknown, source: string | undefined): string {
  if (typeof value === "string") return value;
  return source ?? String(value);
}
