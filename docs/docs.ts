/**
 * The docs pages' script: defines every element (from the sources in dev, bundled in the built site),
 * renders the live examples and handles the header's "Portal" field, which points every example at a
 * portal (remembered in localStorage).
 */
import '../src/index.js';
import { resolveOrigin } from '../src/api/domain.js';

const KEY = 'ode-docs-portal';
const meta = document.querySelector<HTMLMetaElement>('meta[name="ode-domain"]');
// the dev server writes the dev portal's origin here; a static build may leave it empty
const initial = meta && !meta.content.startsWith('%') ? meta.content.trim() : '';

function stored(): string {
  try {
    return localStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

function remember(value: string): void {
  try {
    if (value && value !== initial) localStorage.setItem(KEY, value);
    else localStorage.removeItem(KEY);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
}

/** (Re)renders every example from its source, so its elements read the current portal. */
function renderExamples(): void {
  for (const figure of document.querySelectorAll<HTMLElement>('[data-example]')) {
    const source = figure.querySelector<HTMLTemplateElement>('template[data-example-source]');
    const result = figure.querySelector<HTMLElement>('[data-example-result]');
    if (!source || !result) continue;
    result.replaceChildren(source.content.cloneNode(true));
  }
}

function setPortal(value: string): void {
  if (meta) meta.content = value;
  const input = document.querySelector<HTMLInputElement>('#portal-input');
  const reset = document.querySelector<HTMLButtonElement>('#portal-reset');
  if (input) input.value = value;
  if (reset) reset.hidden = !initial || value === initial;
}

/** On a narrow screen the page list starts folded, so the content is what the visitor sees first. */
function foldNav(): void {
  const details = document.querySelector<HTMLDetailsElement>('.side-nav details');
  if (details && matchMedia('(max-width: 50rem)').matches) details.open = false;
}

/** A "Copy" button on every code block (the snippets are what CMS editors and developers paste). */
function copyButtons(): void {
  const status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  document.body.append(status);
  for (const pre of document.querySelectorAll<HTMLPreElement>('main pre')) {
    const code = pre.textContent ?? '';
    const box = document.createElement('div');
    box.className = 'code-block';
    pre.replaceWith(box);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy';
    button.textContent = 'Copy';
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(code);
        button.textContent = 'Copied';
        status.textContent = 'Code copied.';
      } catch {
        button.textContent = 'Select and copy';
        status.textContent = 'The browser refused to copy: select the code and copy it.';
      }
      setTimeout(() => (button.textContent = 'Copy'), 2000);
    });
    box.append(pre, button);
  }
}

function init(): void {
  foldNav();
  copyButtons();
  const form = document.querySelector<HTMLFormElement>('#portal-form');
  const input = document.querySelector<HTMLInputElement>('#portal-input');
  const help = document.querySelector<HTMLElement>('#portal-help');
  setPortal(stored() || initial);
  renderExamples();
  if (!form || !input || !help) return;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = input.value.trim() || initial;
    try {
      if (value) resolveOrigin(value);
    } catch (err) {
      help.textContent = (err as Error).message;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    input.removeAttribute('aria-invalid');
    remember(value);
    setPortal(value);
    renderExamples();
    help.textContent = !value
      ? 'Live examples read no portal.'
      : value === initial
        ? 'Live examples read the dev portal.'
        : `Live examples now read ${value}; a dataset they name that ${value} lacks shows its error.`;
  });
  document.querySelector('#portal-reset')?.addEventListener('click', () => {
    input.value = '';
    form.requestSubmit();
  });
}

init();
