import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { formatPath, SceneFileError } from './scene-error.ts';

/** A file's text validated against a schema, plus a way to point at places in that text. */
export interface ValidatedFile<T> {
  readonly value: T;
  /** Builds a `SceneFileError` for a path in the file, with the line and column when the path exists. */
  readonly error: (pathKeys: readonly PropertyKey[], reason: string) => SceneFileError;
}

/**
 * Parses YAML or JSON (JSON is YAML) and validates it against `schema`. Throws a `SceneFileError` for syntax errors
 * (with line and column) and for the first schema violation (with its path, line and column).
 *
 * @example
 * const { value } = validateYamlText(text, 'scenes/store-planogram.yaml', PlanogramSchema);
 */
export function validateYamlText<Schema extends z.ZodType>(
  text: string,
  fileName: string,
  schema: Schema,
): ValidatedFile<z.infer<Schema>> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const pos = lineCounter.linePos(syntax.pos[0]);
    throw new SceneFileError(
      fileName,
      `line ${pos.line}, column ${pos.col}`,
      `YAML syntax error: ${syntax.message.split('\n')[0]}`,
    );
  }
  const error = (pathKeys: readonly PropertyKey[], reason: string): SceneFileError => {
    const pos = locate(doc, lineCounter, pathKeys);
    return new SceneFileError(
      fileName,
      formatPath(pathKeys),
      reason,
      pos ? { line: pos.line, column: pos.col } : undefined,
    );
  };
  const parsed = schema.safeParse(documentValue(doc, fileName) ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const more = parsed.error.issues.length - 1;
    throw error(issue.path, more > 0 ? `${issue.message} (+${more} more)` : issue.message);
  }
  return { value: parsed.data, error };
}

/** The YAML library's own default, named here so the message can quote it. */
const MAX_ALIAS_COUNT = 100;

/**
 * The document as plain data. The YAML library refuses documents whose aliases expand past its limit (an "alias
 * bomb": a few lines that unfold into billions of nodes); say so with the file named.
 */
function documentValue(doc: Document, fileName: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const reason = (e as Error).message;
    throw new SceneFileError(
      fileName,
      '',
      /alias/i.test(reason)
        ? `YAML aliases expand too far (past the reader's limit of ${MAX_ALIAS_COUNT}): refusing a possible alias bomb`
        : `cannot read the YAML: ${reason}`,
    );
  }
}

/** Line/column of the deepest existing node on the path. */
function locate(
  doc: Document,
  lines: LineCounter,
  pathKeys: readonly PropertyKey[],
): { line: number; col: number } | undefined {
  for (let n = pathKeys.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(pathKeys.slice(0, n) as unknown[], true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return lines.linePos(range[0]);
  }
  return undefined;
}
