/** A compiled pattern: literal characters and the two IAM wildcards. */
type Token = { kind: 'star' } | { kind: 'one' } | { kind: 'char'; char: string };

/** Values for policy variables such as `${aws:username}`, looked up without regard to case. */
export type VariableLookup = (name: string) => string | undefined;

const SPECIAL_VARIABLES: Readonly<Record<string, string>> = { '*': '*', '?': '?', $: '$' };

/**
 * Turns an IAM pattern into tokens. With `variables`, `${key}` and
 * `${key, 'default'}` are replaced by their (literal) values and `${*}`,
 * `${?}`, `${$}` by the literal character; a variable without a value makes
 * the whole pattern match nothing (undefined).
 */
export function compilePattern(pattern: string, variables?: VariableLookup): Token[] | undefined {
  const tokens: Token[] = [];
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index] ?? '';
    if (variables !== undefined && char === '$' && pattern[index + 1] === '{') {
      const end = pattern.indexOf('}', index);
      if (end !== -1) {
        const body = pattern.slice(index + 2, end).trim();
        const withDefault = /^([^,]+?)\s*,\s*'([^']*)'$/.exec(body);
        const name = withDefault?.[1] ?? body;
        const value = SPECIAL_VARIABLES[name] ?? variables(name) ?? withDefault?.[2];
        if (value === undefined) return undefined;
        for (const literal of value) tokens.push({ kind: 'char', char: literal });
        index = end;
        continue;
      }
    }
    if (char === '*') tokens.push({ kind: 'star' });
    else if (char === '?') tokens.push({ kind: 'one' });
    else tokens.push({ kind: 'char', char });
  }
  return tokens;
}

/** Whether compiled tokens match a whole value. `*` matches any run of characters (`/` and `:` included). */
export function matchTokens(tokens: readonly Token[], value: string, ignoreCase = false): boolean {
  const text = ignoreCase ? value.toLowerCase() : value;
  const same = (token: Token, char: string): boolean =>
    token.kind === 'one' || (token.kind === 'char' && (ignoreCase ? token.char.toLowerCase() : token.char) === char);
  let t = 0;
  let v = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (v < text.length) {
    const token = tokens[t];
    if (token !== undefined && token.kind !== 'star' && same(token, text[v] ?? '')) {
      t++;
      v++;
    } else if (token?.kind === 'star') {
      starAt = t++;
      resumeAt = v;
    } else if (starAt !== -1) {
      t = starAt + 1;
      v = ++resumeAt;
    } else {
      return false;
    }
  }
  while (tokens[t]?.kind === 'star') t++;
  return t === tokens.length;
}

/**
 * Whether an IAM pattern with `*` and `?` matches a value, optionally
 * ignoring case (actions) or substituting policy variables (resources).
 *
 * @example
 * wildcardMatch('s3:Put*', 's3:putobject', { ignoreCase: true }); // true
 */
export function wildcardMatch(
  pattern: string,
  value: string,
  options: { ignoreCase?: boolean; variables?: VariableLookup } = {},
): boolean {
  const tokens = compilePattern(pattern, options.variables);
  return tokens !== undefined && matchTokens(tokens, value, options.ignoreCase);
}

/**
 * The six parts of an ARN; the last one keeps any further colons. Colons
 * inside a policy variable (`${aws:username}`) do not split.
 */
export function splitArn(arn: string): string[] | undefined {
  const parts: string[] = [];
  let start = 0;
  let inVariable = false;
  for (let index = 0; index < arn.length && parts.length < 5; index++) {
    if (arn.startsWith('${', index)) inVariable = true;
    else if (inVariable && arn[index] === '}') inVariable = false;
    else if (!inVariable && arn[index] === ':') {
      parts.push(arn.slice(start, index));
      start = index + 1;
    }
  }
  if (parts.length < 5) return undefined;
  parts.push(arn.slice(start));
  return parts;
}

/**
 * Whether a Resource pattern matches a resource ARN. ARNs are compared part by
 * part, so a wildcard never spans the colons between partition, service,
 * region and account; the resource part is case-sensitive like S3 keys.
 */
export function arnMatch(pattern: string, resource: string, variables?: VariableLookup): boolean {
  if (pattern === '*') return true;
  const patternParts = splitArn(pattern);
  const resourceParts = splitArn(resource);
  if (patternParts === undefined || resourceParts === undefined) {
    return wildcardMatch(pattern, resource, variables === undefined ? {} : { variables });
  }
  return patternParts.every((part, index) =>
    wildcardMatch(part, resourceParts[index] ?? '', variables === undefined ? {} : { variables }),
  );
}
