// @ts-check
/**
 * `communes-france`: the current French communes (`commune-actuelle` rows of
 * `@etalab/decoupage-administratif/data/communes.json`, Code officiel géographique of the package's
 * millésime), with the names of their département and région joined from the package's
 * `departements.json` and `regions.json`. `codesPostaux` becomes the multivalued `codes_postaux`.
 */
import { readFileSync } from 'node:fs';
import { createTable, field, finish, packageFile, packageJson, str, tableName } from './common.js';

export const id = 'communes-france';
const PKG = '@etalab/decoupage-administratif';

/**
 * The package's millésime (year of the Code officiel géographique), read from its README's table
 * "Année | Version du package"; 1 January of that year is the dataset's fixed modification date.
 */
function millesime() {
  const version = packageJson(PKG, 'package.json').version;
  try {
    const readme = readFileSync(packageFile(PKG, 'README.md'), 'utf8');
    const escaped = version.replace(/\./g, '\\.');
    const m = readme.match(new RegExp(`^\\|\\s*(\\d{4})\\s*\\|\\s*${escaped}\\s*\\|`, 'm'));
    if (m) return { year: m[1], version };
  } catch {
    // fall through
  }
  return { year: '2026', version }; // 6.0.0 is the 2026 millésime
}

/** @param {import('./common.js').Connection} conn */
export async function load(conn) {
  const table = tableName(id);
  const fields = [
    field(
      'code',
      'text',
      'Code INSEE',
      'Code officiel géographique de la commune (code INSEE, 5 caractères)',
    ),
    field('nom', 'text', 'Nom', 'Nom de la commune'),
    field('departement', 'text', 'Code département', 'Code du département', {
      facet: true,
      disjunctive: true,
    }),
    field('nom_departement', 'text', 'Département', 'Nom du département', { facet: true, disjunctive: true }),
    field('region', 'text', 'Code région', 'Code de la région', { facet: true }),
    field('nom_region', 'text', 'Région', 'Nom de la région', { facet: true, disjunctive: true }),
    field('arrondissement', 'text', 'Arrondissement', 'Code de l’arrondissement départemental'),
    field('zone', 'text', 'Zone', 'metro (métropole), drom (outre-mer) ou com (collectivités d’outre-mer)', {
      facet: true,
    }),
    field('type', 'text', 'Type', 'Type de commune (commune-actuelle)', { facet: true }),
    field('population', 'int', 'Population', 'Population municipale (INSEE, populations légales)'),
    field('codes_postaux', 'text', 'Codes postaux', 'Codes postaux de la commune (La Poste)', {
      facet: true,
      disjunctive: true,
      multivalued: true,
    }),
    field('siren', 'text', 'SIREN', 'Numéro SIREN de la commune'),
    field('type_liaison', 'int', 'Type de liaison', 'Article devant le nom (typologie INSEE « TNCC »)', {
      sortable: false,
    }),
    field(
      'rang_chef_lieu',
      'int',
      'Rang chef-lieu',
      'Chef-lieu : 0 non, 1 arrondissement, 3 département, 4 région',
    ),
    field('anciens_codes', 'text', 'Anciens codes', 'Anciens codes INSEE de la commune', {
      multivalued: true,
      sortable: false,
    }),
  ];
  const file = (/** @type {string} */ name) => str(packageFile(PKG, `data/${name}.json`));
  await createTable(conn, {
    table,
    fields,
    source: `SELECT c.code, c.nom, c.departement, d.nom AS nom_departement, c.region, r.nom AS nom_region,
        c.arrondissement, c.zone, c."type", c.population, c.codesPostaux AS codes_postaux, c.siren,
        c.typeLiaison AS type_liaison, c.rangChefLieu AS rang_chef_lieu, c.anciensCodes AS anciens_codes
      FROM read_json(${file('communes')}, format = 'array', columns = {
          'code': 'VARCHAR', 'nom': 'VARCHAR', 'typeLiaison': 'BIGINT', 'zone': 'VARCHAR',
          'arrondissement': 'VARCHAR', 'departement': 'VARCHAR', 'region': 'VARCHAR', 'type': 'VARCHAR',
          'rangChefLieu': 'BIGINT', 'siren': 'VARCHAR', 'codesPostaux': 'VARCHAR[]', 'population': 'BIGINT',
          'anciensCodes': 'VARCHAR[]'}) AS c
      LEFT JOIN read_json(${file('departements')}, format = 'array',
          columns = {'code': 'VARCHAR', 'nom': 'VARCHAR'}) AS d ON d.code = c.departement
      LEFT JOIN read_json(${file('regions')}, format = 'array',
          columns = {'code': 'VARCHAR', 'nom': 'VARCHAR'}) AS r ON r.code = c.region
      WHERE c."type" = 'commune-actuelle'
      ORDER BY c.code`,
    id: `sha1(src.code)`,
  });
  const { year, version } = millesime();
  const date = `${year}-01-01T00:00:00+00:00`;
  const repo = 'https://github.com/etalab/decoupage-administratif';
  return finish(conn, {
    id,
    table,
    fields,
    metas: {
      title: `Communes de France (${year})`,
      description:
        `<div><p>Liste des communes françaises en vigueur (métropole, départements et collectivités ` +
        `d’outre-mer) selon le <a href="https://insee.fr/fr/information/2560452">Code officiel géographique</a> ` +
        `de l’INSEE, millésime ${year}, avec leur département, leur région, leur population légale et leurs ` +
        `codes postaux (La Poste).</p><p>Source : paquet npm <a href="${repo}">@etalab/decoupage-administratif</a> ` +
        `${version} (fichier <code>data/communes.json</code>, lignes <code>commune-actuelle</code>). ` +
        `Les communes déléguées, associées et les arrondissements municipaux ne sont pas inclus.</p></div>`,
      theme: ['Administration', 'Territoires'],
      keyword: ['communes', 'INSEE', 'COG', 'codes postaux', 'découpage administratif'],
      license: 'Licence Ouverte v2.0 (Etalab)',
      license_url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/',
      language: 'fr',
      timezone: 'Europe/Paris',
      modified: date,
      data_processed: date,
      metadata_processed: date.replace('+00:00', '.000000+00:00'),
      territory: ['France'],
      publisher: 'Etalab — découpage administratif (INSEE, DGCL, La Poste)',
      references: repo,
      attributions: [
        'https://insee.fr/fr/information/2560452',
        'https://www.data.gouv.fr/fr/datasets/base-officielle-des-codes-postaux/',
      ],
      update_frequency: 'annual',
    },
  });
}
