/**
 * Where a portal lives. `domain` is either a host (`data.example.org` → `https://data.example.org`)
 * or a full origin (`http://127.0.0.1:8787`). A page may set a default for every element with
 * `<meta name="ode-domain" content="…">`.
 */

const HOST =
  /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$/i;

/** Thrown for a domain we cannot turn into an origin; the message names the value. */
export class DomainError extends Error {
  constructor(readonly value: string) {
    super(
      `"${value}" is not a portal domain (expected a host such as data.example.org or an origin such as https://data.example.org)`,
    );
    this.name = 'DomainError';
  }
}

/** The portal origin for a `domain` attribute value, e.g. `https://data.example.org`. */
export function resolveOrigin(domain: string): string {
  const value = domain.trim();
  if (/^https?:\/\//i.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new DomainError(domain);
    }
    if (
      url.username ||
      url.password ||
      url.search ||
      url.hash ||
      (url.pathname !== '/' && url.pathname !== '')
    ) {
      throw new DomainError(domain);
    }
    return url.origin;
  }
  if (!HOST.test(value)) throw new DomainError(domain);
  return `https://${value.toLowerCase()}`;
}

/** The domain an element uses: its own attribute, else the page's `<meta name="ode-domain">`. */
export function effectiveDomain(
  own: string | null | undefined,
  doc: Document = document,
): string | undefined {
  if (own && own.trim()) return own;
  const meta = doc.querySelector<HTMLMetaElement>('meta[name="ode-domain"]');
  return meta?.content?.trim() || undefined;
}
