import type { UiLang } from '../core/lang.js';

/**
 * Known open licences, recognised from the portal's free-text `license` label or its `license_url`
 * (a portal's licence is a label, not an SPDX id). Each carries the mention the licence asks of a
 * reuser (Licence Ouverte 2.0 §« Réutilisation », ODbL §4.3, CC BY §3(a)(1), OGL).
 */
export interface KnownLicence {
  id: string;
  name: string;
  url: string;
  /** What a reuser must show, beyond title/publisher/date, in the page language. */
  notice: Record<UiLang, string>;
}

/** Both versions of the Licence Ouverte ask for the same mention. */
const ETALAB_NOTICE = {
  fr: 'Réutilisation libre sous réserve de mentionner la source et la date de dernière mise à jour.',
  en: 'Free reuse provided the source and the date of last update are mentioned.',
};

const LICENCES: (KnownLicence & { label: RegExp; href: RegExp })[] = [
  {
    id: 'etalab-2.0',
    name: 'Licence Ouverte v2.0 (Etalab)',
    url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/',
    label: /(licence ouverte|open licen[cs]e|etalab)[^0-9]*2(\.0)?/i,
    href: /etalab.*(2\.0|v2|open-licence)|licence-ouverte-open-licence/i,
    notice: ETALAB_NOTICE,
  },
  {
    id: 'etalab-1.0',
    name: 'Licence Ouverte v1.0 (Etalab)',
    url: 'https://www.etalab.gouv.fr/wp-content/uploads/2014/05/Licence_Ouverte.pdf',
    label: /(licence ouverte|open licen[cs]e|etalab)/i,
    href: /etalab/i,
    notice: ETALAB_NOTICE,
  },
  {
    id: 'odbl-1.0',
    name: 'Open Database License (ODbL)',
    url: 'https://opendatacommons.org/licenses/odbl/1-0/',
    label: /odbl|open database licen[cs]e/i,
    href: /opendatacommons\.org\/licenses\/odbl/i,
    notice: {
      fr: 'Contient des informations de cette base, mise à disposition sous licence ODbL ; toute base dérivée doit être partagée sous la même licence.',
      en: 'Contains information from this database, made available under the ODbL; derivative databases must be shared alike.',
    },
  },
  {
    id: 'cc0-1.0',
    name: 'CC0 1.0',
    url: 'https://creativecommons.org/publicdomain/zero/1.0/',
    label: /\bcc0\b|cc zero|public domain dedication/i,
    href: /creativecommons\.org\/publicdomain\/zero/i,
    notice: { fr: 'Dédié au domaine public.', en: 'Dedicated to the public domain.' },
  },
  {
    id: 'cc-by-sa-4.0',
    name: 'CC BY-SA 4.0',
    url: 'https://creativecommons.org/licenses/by-sa/4.0/',
    label: /cc[ -]?by[ -]?sa|attribution[- ]sharealike/i,
    href: /creativecommons\.org\/licenses\/by-sa\//i,
    notice: {
      fr: 'Attribution requise ; indiquer les modifications ; partage dans les mêmes conditions.',
      en: 'Attribution required; indicate changes; share alike.',
    },
  },
  {
    id: 'cc-by-4.0',
    name: 'CC BY 4.0',
    url: 'https://creativecommons.org/licenses/by/4.0/',
    label: /cc[ -]?by\b(?![ -]?(sa|nc|nd))|creative commons attribution(?! ?-? ?(share|non|no))/i,
    href: /creativecommons\.org\/licenses\/by\/\d/i,
    notice: {
      fr: 'Attribution requise ; indiquer les modifications.',
      en: 'Attribution required; indicate changes.',
    },
  },
  {
    id: 'ogl-3.0',
    name: 'Open Government Licence',
    url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
    label: /open government licen[cs]e/i,
    href: /open-government-licence/i,
    notice: {
      fr: "Attribution requise selon l'Open Government Licence.",
      en: 'Contains information licensed under the Open Government Licence.',
    },
  },
];

/** The known licence a label or URL names, if any. The portal's own label is still what we show. */
export function recogniseLicence(
  label: string | null | undefined,
  url: string | null | undefined,
): KnownLicence | undefined {
  const l = label ?? '';
  const u = url ?? '';
  const hit = LICENCES.find((x) => (u && x.href.test(u)) || (l && x.label.test(l)));
  if (!hit) return undefined;
  const { label: _label, href: _href, ...known } = hit;
  return known;
}
