// @ts-check
/**
 * `hostile-values`: ~30 rows made here (no source package) whose values, field labels and metadata
 * attack a renderer: script and event-handler HTML, `javascript:` / `data:` URLs in every disguise,
 * a 1 MB string, bidi overrides and RTL text, emoji ZWJ sequences, combining characters, control
 * characters, numbers beyond 2^53, `file` values with a `javascript:` url, a JSON blob with
 * `__proto__`, field names that are ODSQL keywords or digits only, and one row of nulls in every
 * column. Everything stays valid per the storage contract.
 */
import { createTable, field, finish, jsonRowsSource, tableName } from './common.js';

export const id = 'hostile-values';

/** Fixed dates of this generated dataset (a constant: it has no source to date it). */
const DATE = '2024-01-01T00:00:00+00:00';
/** Size of the huge string. */
export const HUGE_LENGTH = 1024 * 1024;

const XSS = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(1)>';
const RLO = '\u202E';
const PDF = '\u202C';

/** A `file` value shaped like the real ones (FileEntry). */
function fileValue(/** @type {string} */ url, /** @type {string} */ fileId) {
  return JSON.stringify({
    exif_orientation: 1,
    thumbnail: true,
    filename: `photo-${fileId}.jpg`,
    width: 350,
    format: 'JPEG',
    etag: '"apIttAiZOiONsoTSEogiJg=="',
    mimetype: 'image/jpeg',
    id: fileId,
    last_synchronized: '2024-01-01T00:00:00.000000',
    color_summary: ['rgba(77, 96, 90, 1.00)'],
    height: 256,
    url,
  });
}

/** GeoJSON Feature text. */
const feature = (/** @type {object} */ geometry) =>
  JSON.stringify({ type: 'Feature', geometry, properties: {} });

/** A huge string of readable text with markup in it, exactly HUGE_LENGTH characters. */
function huge() {
  const chunk = 'Lorem ipsum <b>dolor</b> sit amet, consectetur adipiscing elit. ';
  return chunk.repeat(Math.ceil(HUGE_LENGTH / chunk.length)).slice(0, HUGE_LENGTH);
}

/** Marker replaced by a JSON number literal beyond 2^53 (not representable in JS). */
const BIG = '__BIGINT_9007199254740993__';

export const fields = [
  field('kind', 'text', 'Kind', 'What the row attacks', { facet: true }),
  field('title', 'text', '<b>Title</b>', 'A title that may hold markup'),
  field('url', 'text', 'URL', 'A link a renderer might make clickable', { sortable: false }),
  field('html', 'text', 'HTML', '<script>alert("field description")</script>Markup meant to stay text'),
  field('body', 'text', 'Body', 'Long text (one row holds 1 MB)', { sortable: false }),
  field('and', 'text', 'and', 'A field named like an ODSQL keyword', { facet: true }),
  field('select', 'int', 'select', 'An int field named like an ODSQL keyword'),
  field('where', 'double', 'where', 'A double field named like an ODSQL keyword'),
  field('count', 'int', 'count', 'Named like an aggregate function'),
  field('date', 'date', 'date', 'A date field named like an ODSQL function'),
  field('null', 'boolean', 'null', 'A boolean field named null', { facet: true }),
  field('12', 'text', '<img src=x onerror=alert("label")>', 'A field whose name is only digits'),
  field('created', 'datetime', 'Created', 'Datetime edge cases'),
  field('tags', 'text', 'Tags', 'Multivalued text', { facet: true, disjunctive: true, multivalued: true }),
  field('location', 'geo_point_2d', 'Location', 'Edge coordinates'),
  field('shape', 'geo_shape', 'Shape', 'A GeoJSON Feature'),
  field('photo', 'file', 'Photo', 'A file value; one has a javascript: url'),
  field('extra', 'json_blob', 'Extra', 'A JSON blob with prototype-polluting keys'),
];

/** The rows, every key present. */
export function hostileRows() {
  /** @type {Record<string, any>[]} */
  const partial = [
    { kind: 'script', title: XSS, html: XSS, url: `https://example.org/?q=${XSS}`, tags: [XSS, 'xss'] },
    { kind: 'img-onerror', title: IMG, html: IMG, and: IMG, 12: IMG },
    { kind: 'url-javascript', title: 'javascript: URL', url: 'javascript:alert(1)' },
    { kind: 'url-javascript', title: 'Mixed-case javascript: URL', url: 'JaVaScRiPt:alert(1)' },
    { kind: 'url-javascript', title: 'javascript: URL with a leading space', url: ' javascript:alert(1)' },
    { kind: 'url-javascript', title: 'javascript: URL with a tab', url: 'java\tscript:alert(1)' },
    { kind: 'url-javascript', title: 'Entity-encoded javascript: URL', url: 'javascript&colon;alert(1)' },
    { kind: 'url-data', title: 'data: URL', url: `data:text/html,${XSS}` },
    {
      kind: 'url-data',
      title: 'base64 data: URL',
      url: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    },
    { kind: 'url-vbscript', title: 'vbscript: URL', url: 'vbscript:msgbox(1)' },
    { kind: 'url-good', title: 'A good https URL', url: 'https://example.org/page?a=1&b=<2>#"x"' },
    {
      kind: 'html',
      title: '<b>bold</b> and <i>italic</i>',
      html:
        '<b>bold</b> <a href="javascript:alert(1)">click</a> <iframe src="javascript:alert(1)"></iframe>' +
        ' <svg onload=alert(1)></svg> <form action="javascript:alert(1)"><button>go</button></form>',
    },
    {
      kind: 'html',
      title: 'Style and overlay',
      html: '<style>body{display:none}</style><div style="position:fixed;inset:0;z-index:9999">overlay</div>',
    },
    {
      kind: 'template',
      title: '${alert(1)}',
      html: '{{constructor.constructor("alert(1)")()}}',
      12: '{{7*7}}',
    },
    {
      kind: 'rtl',
      title: `مرحبا بالعالم ${RLO}gnp.exe${PDF}`,
      html: `<p dir="rtl">نص عربي</p>`,
      and: `invoice${RLO}fdp.exe`,
      tags: ['عربي', `${RLO}evil`],
    },
    { kind: 'rtl', title: `שלום עולם ${RLO}txt.exe${PDF}`, and: 'עברית', tags: ['עברית'] },
    {
      kind: 'emoji',
      title: '👩‍👩‍👧‍👦 family, 🏳️‍🌈 flag, 👍🏽 skin tone, 🇫🇷',
      and: '🧑🏿‍🚀',
      tags: ['👩‍👩‍👧‍👦', '🏳️‍🌈'],
    },
    { kind: 'combining', title: 'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇', and: 'e\u0301 vs é, ﬁ ligature, İstanbul' },
    {
      kind: 'control',
      title: 'Bell\u0007 and ANSI \u001b[31mred\u001b[0m',
      html: 'line 1\r\nline 2\u2028line 3',
    },
    { kind: 'huge', title: 'A 1 MB string in body', body: huge() },
    { kind: 'long-word', title: 'W'.repeat(2000), url: `https://example.org/${'a'.repeat(5000)}` },
    { kind: 'sql', title: 'Robert"); DROP TABLE ds_hostile_values;--', and: "' OR 1=1 --", 12: '`12`' },
    { kind: 'empty', title: '', url: '', html: '', body: '', and: '', 12: '', tags: [], extra: '{}' },
    {
      kind: 'numbers',
      title: 'Extreme numbers',
      and: 'NaN',
      select: BIG,
      where: 1.7976931348623157e308,
      count: -9007199254740991,
      date: '9999-12-31',
      created: '9999-12-31T23:59:59+00:00',
      null: false,
    },
    {
      kind: 'numbers',
      title: 'Zero and negative zero',
      select: 0,
      where: -0.000001,
      count: 0,
      date: '0001-01-01',
      created: '1970-01-01T00:00:00+00:00',
      null: true,
    },
    {
      kind: 'file-javascript',
      title: 'A file whose url is javascript:',
      photo: fileValue('javascript:alert(1)', '25a422b0cc36381e0c0ab681d38f602d'),
    },
    {
      kind: 'file-http',
      title: 'A file with a plain http URL',
      photo: fileValue('http://example.org/files/photo.jpg', '0b1a8e2f9d3c4b5a6e7f8091a2b3c4d5'),
    },
    {
      kind: 'json',
      title: 'Prototype pollution keys',
      extra:
        '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "html": "<script>alert(1)</script>", "href": "javascript:alert(1)"}',
    },
    {
      kind: 'geo',
      title: 'Antimeridian and poles',
      location: { lon: 180, lat: -90 },
      shape: feature({
        type: 'Polygon',
        coordinates: [
          [
            [179, -10],
            [-179, -10],
            [-179, 10],
            [179, 10],
            [179, -10],
          ],
        ],
      }),
    },
    {
      kind: 'geo',
      title: 'A line and a point',
      location: { lon: -180, lat: 90 },
      shape: feature({
        type: 'LineString',
        coordinates: [
          [2.35, 48.85],
          [-0.12, 51.5],
        ],
      }),
    },
    {
      kind: 'geo',
      title: 'A point',
      location: { lon: 0, lat: 0 },
      shape: feature({ type: 'Point', coordinates: [0, 0] }),
    },
    {}, // kind null: a row of nulls in every column
  ];
  const defaults = {
    select: 1,
    where: 0.5,
    count: 1,
    date: '2024-01-01',
    null: false,
    created: '2024-01-01T12:00:00+00:00',
  };
  return partial.map((row, n) => {
    const allNull = Object.keys(row).length === 0;
    /** @type {Record<string, any>} */
    const full = { n };
    for (const f of fields) {
      const given = Object.hasOwn(row, f.name) ? row[f.name] : undefined;
      full[f.name] = allNull ? null : (given ?? /** @type {any} */ (defaults)[f.name] ?? null);
    }
    return full;
  });
}

/** @param {import('./common.js').Connection} conn */
export async function load(conn) {
  const table = tableName(id);
  const json = JSON.stringify(hostileRows()).replace(`"${BIG}"`, '9007199254740993');
  await createTable(conn, {
    table,
    fields,
    source: jsonRowsSource(fields, { n: 'BIGINT' }),
    params: [json],
    id: `sha1('hostile-values/' || CAST(src.n AS VARCHAR))`,
  });
  return finish(conn, {
    id,
    table,
    fields,
    metas: {
      title: '<b>Hostile</b> values <script>alert("title")</script>',
      description:
        '<p>Values that attack a renderer. <b>Nothing here may run.</b></p>' +
        '<script>alert("description")</script>' +
        '<img src=x onerror=alert("description")>' +
        '<a href="javascript:alert(\'description\')">a javascript: link</a> ' +
        '<a href="https://example.org/" target="_blank">a good link</a>' +
        `<p dir="rtl">${RLO}txet desrever</p>`,
      theme: ['Test', '<script>alert("theme")</script>'],
      keyword: ['xss', `bidi ${RLO}live`, '👩‍👩‍👧‍👦'],
      license: 'CC0 1.0 <img src=x onerror=alert("license")>',
      license_url: 'javascript:alert(1)',
      language: 'en',
      modified: DATE,
      data_processed: DATE,
      metadata_processed: DATE.replace('+00:00', '.000000+00:00'),
      publisher: 'Hostile <b>publisher</b> & Co <script>alert("publisher")</script>',
      references: 'JaVaScRiPt:alert("references")',
      attributions: ['javascript:alert("attribution")', 'https://example.org/attribution'],
    },
    custom: { note: '<script>alert("custom")</script>' },
  });
}
