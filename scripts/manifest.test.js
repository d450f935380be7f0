// @ts-check
/**
 * The Custom Elements Manifest says what our JSDoc says: every element, every attribute documented
 * (`@attr`) and every documented attribute real. IDEs and the docs read this file: a wrong entry is a
 * wrong instruction to a user.
 */
import { test } from 'node:test';
import { analyzeManifest } from './harness.js';
import assert from 'node:assert/strict';

const manifest = analyzeManifest('ode-cem');
const elements = manifest.modules.flatMap((m) =>
  (m.declarations ?? []).filter((d) => d.tagName).map((d) => ({ ...d, path: m.path })),
);
const byTag = new Map(elements.map((e) => [e.tagName, e]));

test('every element is in the manifest, with a summary', () => {
  for (const tag of [
    'ode-attribution',
    'ode-dataset',
    'ode-table',
    'ode-search',
    'ode-facets',
    'ode-filters',
    'ode-chart',
    'ode-series',
    'ode-map',
    'ode-kpi',
    'ode-records',
    'ode-date-range',
    'ode-consent-banner',
    'ode-consent-button',
    'ode-consent-gate',
    'ode-cookie-declaration',
  ]) {
    const el = byTag.get(tag);
    assert.ok(el, `${tag} is missing from custom-elements.json`);
    assert.ok(el.summary || el.description, `${tag} has no @summary`);
  }
});

test('every attribute is documented, and internal state is no attribute', () => {
  for (const el of elements) {
    for (const a of el.attributes ?? [])
      assert.ok(a.description, `<${el.tagName}> attribute "${a.name}" has no @attr description (${el.path})`);
  }
  const chart = byTag.get('ode-chart');
  const names = chart.attributes.map((/** @type {{name: string}} */ a) => a.name);
  assert.ok(names.includes('time-bucket') && names.includes('series-by'));
  assert.ok(!names.includes('model') && !names.includes('tip'), 'state fields listed as attributes');
});

test('data views document their events, parts and custom properties', () => {
  for (const tag of ['ode-table', 'ode-chart', 'ode-map', 'ode-kpi', 'ode-records']) {
    const el = byTag.get(tag);
    const events = (el.events ?? []).map((/** @type {{name: string}} */ e) => e.name);
    assert.ok(events.includes('ode-load') && events.includes('ode-error'), `${tag} events: ${events}`);
    assert.ok(
      (el.cssParts ?? []).some((/** @type {{name: string}} */ p) => p.name === 'attribution'),
      `${tag} has no attribution part`,
    );
    assert.ok((el.cssProperties ?? []).length > 0, `${tag} has no custom property documented`);
  }
});

test('<ode-map> lists its attributes, its read-only maplibre `map` and `retry()`, and nothing internal', () => {
  const map = byTag.get('ode-map');
  const fields = new Set(map.attributes.map((/** @type {{fieldName: string}} */ a) => a.fieldName));
  const members = map.members.map((/** @type {{name: string}} */ m) => m.name);
  const internal = members.filter(
    (/** @type {string} */ n) => !fields.has(n) && n !== 'map' && n !== 'retry',
  );
  assert.deepEqual(internal, [], 'internal members of <ode-map> in custom-elements.json');
  const getter = map.members.find((/** @type {{name: string}} */ m) => m.name === 'map');
  assert.ok(getter?.readonly && getter.description, 'the `map` getter is read-only and documented');
  for (const m of map.members) assert.notEqual(m.privacy, 'private', `private member listed: ${m.name}`);
});
