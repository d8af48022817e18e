/**
 * The demo portfolio: real West African gold and lithium mines at APPROXIMATE public coordinates (to a
 * few km; good enough to show the service, not for operations), and the main corridors to the sea.
 * Corridor geometries are coarse polylines through the towns the roads pass, not surveyed alignments.
 */
type LonLat = [number, number];

export interface DemoSite {
  name: string;
  commodity: string;
  location: LonLat;
}
export interface DemoRoute {
  name: string;
  mode: 'road' | 'rail' | 'air';
  path: LonLat[];
}

export const SITES: DemoSite[] = [
  { name: 'Loulo-Gounkoto (ML)', commodity: 'gold', location: [-11.3, 12.97] },
  { name: 'Sadiola (ML)', commodity: 'gold', location: [-11.7, 13.89] },
  { name: 'Syama (ML)', commodity: 'gold', location: [-6.13, 10.79] },
  { name: 'Goulamina (ML)', commodity: 'lithium', location: [-7.11, 11.27] },
  { name: 'Bougouni (ML)', commodity: 'lithium', location: [-7.48, 11.42] },
  { name: 'Essakane (BF)', commodity: 'gold', location: [-0.06, 14.38] },
  { name: 'Houndé (BF)', commodity: 'gold', location: [-3.55, 11.5] },
  { name: 'Tongon (CI)', commodity: 'gold', location: [-5.58, 10.17] },
  { name: 'Siguiri (GN)', commodity: 'gold', location: [-9.17, 11.42] },
  { name: 'Ity (CI)', commodity: 'gold', location: [-8.1, 6.87] },
];

const BAMAKO: LonLat = [-8.0, 12.64];
const DAKAR: LonLat = [-17.44, 14.69];
const OUAGADOUGOU: LonLat = [-1.52, 12.37];

export const ROUTES: DemoRoute[] = [
  {
    name: 'Dakar–Bamako corridor',
    mode: 'road',
    path: [
      DAKAR,
      [-16.23, 14.15],
      [-13.67, 13.77],
      [-12.18, 14.12],
      [-11.44, 14.45],
      [-10.3, 13.7],
      [-9.5, 13.05],
      [-8.37, 12.84],
      BAMAKO,
    ],
  },
  {
    name: 'Abidjan–Bamako corridor',
    mode: 'road',
    path: [[-4.02, 5.35], [-5.27, 6.82], [-5.03, 7.69], [-5.2, 9.6], [-5.67, 11.32], [-6.55, 11.95], [-7.4, 12.3], BAMAKO],
  },
  {
    name: 'Conakry–Bamako corridor',
    mode: 'road',
    path: [[-13.7, 9.54], [-12.08, 10.38], [-10.73, 10.39], [-9.3, 10.38], [-9.17, 11.42], [-8.55, 12.1], BAMAKO],
  },
  {
    name: 'Tema–Ouagadougou corridor',
    mode: 'road',
    path: [[0.0, 5.67], [-1.62, 6.69], [-1.0, 7.6], [-0.84, 9.4], [-0.85, 10.79], [-1.1, 11.2], OUAGADOUGOU],
  },
  {
    name: 'Lomé–Ouagadougou corridor',
    mode: 'road',
    path: [[1.22, 6.13], [1.17, 7.55], [1.13, 8.98], [0.2, 10.86], [0.05, 11.1], [-0.5, 11.8], OUAGADOUGOU],
  },
  { name: 'Bamako–Dakar air bridge', mode: 'air', path: [BAMAKO, DAKAR] },
];

const DAY = 86_400_000;

/**
 * SYNTHETIC incidents (labelled as such in their titles): a fuel blockade of Bamako, with tankers burned
 * on the Kayes–Bamako stretch of the Dakar corridor and on the Sikasso road. Not real events.
 */
export function syntheticIncidents(now: Date): object {
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY).toISOString();
  const incident = (i: number, title: string, lonLat: LonLat, daysAgo: number, extra: Record<string, unknown>) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: lonLat },
    properties: {
      source: 'demo-synthetic',
      sourceEventId: `demo-${i}`,
      version: 1,
      title: `[SYNTHETIC] ${title}`,
      observedAt: at(daysAgo),
      ...extra,
    },
  });
  // The bundled State Department sample (a real, trimmed 2026 capture) has no Sahel countries in it, so
  // the demo states their advisory levels itself, labelled as such: check travel.state.gov for the current ones.
  const advisory = (code: string, level: number) => ({
    type: 'Feature',
    geometry: null,
    properties: {
      source: 'demo-synthetic',
      sourceEventId: `demo-advisory-${code}`,
      version: 1,
      title: `[SYNTHETIC] Demo travel advisory for ${code}: Level ${level}`,
      category: 'travel-advisory',
      persistence: 'state',
      advisoryLevel: level,
      severity01: level / 4,
      countryCodes: [code],
      observedAt: at(30),
    },
  });
  const convoy = {
    category: 'attack',
    subcategory: 'road-attack',
    targets: ['fuel', 'transport'],
    severity01: 0.9,
    certainty01: 0.9,
  };
  return {
    type: 'FeatureCollection',
    features: [
      advisory('ML', 4),
      advisory('BF', 4),
      advisory('NE', 4),
      advisory('GN', 2),
      incident(1, 'Fuel tankers burned near Kayes', [-11.2, 14.3], 2, { ...convoy, fatalities: 3 }),
      incident(2, 'Convoy ambushed near Diéma', [-9.9, 13.5], 3, { ...convoy, fatalities: 5 }),
      incident(3, 'Tankers set alight near Didiéni', [-8.9, 13.2], 4, convoy),
      incident(4, 'Convoy attack near Kati', [-8.3, 12.8], 1, { ...convoy, fatalities: 2 }),
      incident(5, 'Fuel blockade declared on roads into Bamako', [-8.0, 12.64], 5, {
        category: 'blockade',
        targets: ['fuel', 'logistics'],
        persistence: 'state',
        severity01: 1,
        certainty01: 0.8,
      }),
      incident(6, 'Tanker convoy attacked south of Bougouni', [-7.4, 11.2], 6, { ...convoy, fatalities: 1 }),
      incident(7, 'Protest in Ouagadougou', [-1.52, 12.37], 2, { category: 'unrest', subcategory: 'protest', severity01: 0.3 }),
    ],
  };
}

/** One input of a demo supply plan, by route name; `source` says where the figures come from. */
export interface DemoInput {
  input: string;
  bufferDays: number;
  criticality?: number;
  routes: { route: string; share: number; maxShare?: number }[];
  /** `public: …` when the buffer comes from public reporting, else `ASSUMPTION: …`. */
  source: string;
}

/**
 * Supply plans of the demo mines (docs/api.md "Supply chains"): fuel and explosives up the corridors these
 * mines are generally reported to use (Kayes-region mines from the port of Dakar, southern Mali and northern
 * Côte d'Ivoire from Abidjan, Siguiri from Conakry, Burkina Faso from Tema and Lomé). Shares, alternates
 * and buffers are ASSUMPTIONS for the demo unless `source` cites public reporting: Syama's bulk fuel storage
 * was reported in November 2025 as covering more than 30 days. Ity has no plan (its supply is null).
 */
export const PLANS: Record<string, DemoInput[]> = {
  'Loulo-Gounkoto (ML)': [
    {
      input: 'fuel',
      bufferDays: 14,
      routes: [
        { route: 'Dakar–Bamako corridor', share: 1 },
        { route: 'Conakry–Bamako corridor', share: 0, maxShare: 0.3 },
      ],
      source: 'ASSUMPTION: 14 days on site, Conakry could carry 30%',
    },
    {
      input: 'explosives',
      bufferDays: 21,
      criticality: 0.8,
      routes: [{ route: 'Dakar–Bamako corridor', share: 1 }],
      source: 'ASSUMPTION: 21 days in the magazine',
    },
  ],
  'Sadiola (ML)': [
    {
      input: 'fuel',
      bufferDays: 10,
      routes: [
        { route: 'Dakar–Bamako corridor', share: 1 },
        { route: 'Conakry–Bamako corridor', share: 0, maxShare: 0.2 },
      ],
      source: 'ASSUMPTION: 10 days on site, Conakry could carry 20%',
    },
    {
      input: 'explosives',
      bufferDays: 21,
      criticality: 0.8,
      routes: [{ route: 'Dakar–Bamako corridor', share: 1 }],
      source: 'ASSUMPTION: 21 days in the magazine',
    },
  ],
  'Syama (ML)': [
    {
      input: 'fuel',
      bufferDays: 30,
      routes: [
        { route: 'Abidjan–Bamako corridor', share: 0.9 },
        { route: 'Dakar–Bamako corridor', share: 0.1, maxShare: 0.3 },
      ],
      source: 'public: bulk fuel storage reported (Nov 2025) to cover more than 30 days; shares ASSUMPTION',
    },
    {
      input: 'explosives',
      bufferDays: 30,
      criticality: 0.8,
      routes: [{ route: 'Abidjan–Bamako corridor', share: 1 }],
      source: 'ASSUMPTION: 30 days in the magazine',
    },
  ],
  'Goulamina (ML)': [
    {
      input: 'fuel',
      bufferDays: 10,
      routes: [
        { route: 'Abidjan–Bamako corridor', share: 0.7, maxShare: 0.9 },
        { route: 'Dakar–Bamako corridor', share: 0.3, maxShare: 0.5 },
      ],
      source: 'ASSUMPTION: 10 days on site, Abidjan could carry 90%',
    },
    {
      input: 'outbound',
      bufferDays: 20,
      criticality: 0.6,
      routes: [{ route: 'Abidjan–Bamako corridor', share: 1 }],
      source: 'ASSUMPTION: 20 days of spodumene storage before the plant stops',
    },
  ],
  'Bougouni (ML)': [
    {
      input: 'fuel',
      bufferDays: 7,
      routes: [
        { route: 'Abidjan–Bamako corridor', share: 0.8, maxShare: 0.9 },
        { route: 'Dakar–Bamako corridor', share: 0.2 },
      ],
      source: 'ASSUMPTION: 7 days on site, Abidjan could carry 90%',
    },
    {
      input: 'outbound',
      bufferDays: 15,
      criticality: 0.6,
      routes: [{ route: 'Abidjan–Bamako corridor', share: 1 }],
      source: 'ASSUMPTION: 15 days of concentrate storage',
    },
  ],
  'Essakane (BF)': [
    {
      input: 'fuel',
      bufferDays: 15,
      routes: [
        { route: 'Lomé–Ouagadougou corridor', share: 0.6, maxShare: 0.8 },
        { route: 'Tema–Ouagadougou corridor', share: 0.4, maxShare: 0.6 },
      ],
      source: 'ASSUMPTION: 15 days on site',
    },
    {
      input: 'explosives',
      bufferDays: 30,
      criticality: 0.8,
      routes: [{ route: 'Tema–Ouagadougou corridor', share: 1 }],
      source: 'ASSUMPTION: 30 days in the magazine',
    },
  ],
  'Houndé (BF)': [
    {
      input: 'fuel',
      bufferDays: 15,
      routes: [
        { route: 'Tema–Ouagadougou corridor', share: 0.6, maxShare: 0.8 },
        { route: 'Lomé–Ouagadougou corridor', share: 0.4, maxShare: 0.6 },
      ],
      source: 'ASSUMPTION: 15 days on site',
    },
  ],
  'Tongon (CI)': [
    {
      input: 'fuel',
      bufferDays: 20,
      routes: [{ route: 'Abidjan–Bamako corridor', share: 1 }],
      source: 'ASSUMPTION: 20 days on site',
    },
  ],
  'Siguiri (GN)': [
    {
      input: 'fuel',
      bufferDays: 20,
      routes: [
        { route: 'Conakry–Bamako corridor', share: 1 },
        { route: 'Dakar–Bamako corridor', share: 0, maxShare: 0.2 },
      ],
      source: 'ASSUMPTION: 20 days on site, Dakar via Bamako could carry 20%',
    },
  ],
};

/**
 * "Close the Kayes region": a COARSE outline of Mali's Kayes region (first-level division, west of Mali),
 * drawn by hand through approximate border points — enough for the demo's what-if, not a boundary.
 */
export const KAYES_REGION = {
  type: 'Polygon',
  coordinates: [
    [
      [-12.25, 12.4],
      [-11.4, 12.2],
      [-10.6, 11.95],
      [-9.4, 12.3],
      [-8.75, 13.2],
      [-9.0, 14.5],
      [-9.4, 15.45],
      [-11.5, 15.5],
      [-12.25, 14.8],
      [-12.25, 12.4],
    ],
  ],
};
