// HTML built with a tagged template that escapes every interpolated value unless it is already
// SafeHtml, so vendor data (queue and agent names) can never inject markup into a page.

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const SPECIAL = /[&<>"']/;
const SPECIAL_ALL = /[&<>"']/g;

function escapeHtml(value: string): string {
  // Most values (numbers, ids, names) have nothing to escape: the test is cheaper than a replace.
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (ch) => `&#${ch.charCodeAt(0)};`) : value;
}

type Interpolated = SafeHtml | string | number | boolean | null | undefined | readonly Interpolated[];

// Pages are rendered on every change of a user's live state: kept to plain loops and type checks.
function render(value: Interpolated): string {
  if (typeof value === 'string') return escapeHtml(value);
  // A number's text has nothing to escape.
  if (typeof value === 'number') return String(value);
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) {
    let out = '';
    for (const v of value) out += render(v);
    return out;
  }
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolated[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}
