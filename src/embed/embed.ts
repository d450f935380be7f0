/**
 * Entry of `embed.html`: `embed.html?el=table&domain=…&dataset=…&fields=…&id=…` renders one element from
 * its URL parameters (see allow-list.ts for what is accepted, docs/embed.md for the format). No inline
 * script or style anywhere, so the page works under a strict Content-Security-Policy.
 */
// every element, as ode.js defines them: in the CDN build this is an import of ode.js itself, so the
// embed shares its files (and the browser's cache) with pages that load ode.js from the same folder
import '../index.js';
import { renderEmbed, reportHeight } from './render.js';

const params = new URLSearchParams(location.search);
const container = document.getElementById('ode-embed') ?? document.body;
const id = params.get('id') ?? '';
void renderEmbed(params, container).then((spec) => {
  if (spec.ok) document.title = `${spec.tag.slice(4)} · ${params.get('dataset')}`;
});
// a frame reports its height to the page around it (not when opened on its own)
if (window.parent !== window) reportHeight(/^[A-Za-z0-9_.:-]{1,64}$/.test(id) ? id : '');
