import type { PolicyStatement } from './types';

/** One statement of a policy with where it sits, as a JSON pointer. */
export interface LocatedStatement {
  index: number;
  /** `/Statement/0`, or `/Statement` when the policy has a single statement object. */
  pointer: string;
  statement: PolicyStatement;
}

/** Escapes a key for a JSON pointer (RFC 6901). */
export function pointerKey(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The statements of a policy, whether `Statement` is one object or a list; anything else is skipped. */
export function locateStatements(policy: unknown): LocatedStatement[] {
  if (typeof policy !== 'object' || policy === null) return [];
  const statement = (policy as { Statement?: unknown }).Statement;
  const isStatement = (value: unknown): value is PolicyStatement =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  if (Array.isArray(statement)) {
    return statement.flatMap((item, index) =>
      isStatement(item) ? [{ index, pointer: `/Statement/${index}`, statement: item }] : [],
    );
  }
  return isStatement(statement) ? [{ index: 0, pointer: '/Statement', statement }] : [];
}

/** A string-or-list element as a list of its strings, with each string's pointer. */
export function elementValues(
  statement: LocatedStatement,
  key: keyof PolicyStatement,
): { value: string; pointer: string }[] | undefined {
  const element: unknown = statement.statement[key];
  if (element === undefined) return undefined;
  const base = `${statement.pointer}/${key}`;
  if (typeof element === 'string') return [{ value: element, pointer: base }];
  if (!Array.isArray(element)) return [];
  return element.flatMap((value, index) => (typeof value === 'string' ? [{ value, pointer: `${base}/${index}` }] : []));
}
