/** The shapes of docs/api.md that the page reads (only the fields it uses). */
export type Level = 'low' | 'moderate' | 'elevated' | 'high' | 'severe';
export type SubjectType = 'site' | 'route';

export interface Point {
  type: 'Point';
  coordinates: [number, number];
}
export interface LineGeometry {
  type: 'LineString' | 'MultiLineString';
  coordinates: number[][] | number[][][];
}
export interface Polygonal {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: number[][][] | number[][][][];
}

export interface SiteDoc {
  id: string;
  name: string;
  location: Point;
  country?: string | null;
  commodity?: string | null;
}
export interface RouteDoc {
  id: string;
  name: string;
  mode: string;
  geometry: LineGeometry;
  lengthKm?: number;
}

// The wire shapes the API declares in its own domain types: imported for types only (erased by esbuild).
import type { Contributor } from '@minerisk/shared/domain/score';
import type { SupplyInputRisk, WhatIfSite } from '@minerisk/shared/domain/supply';
export type { Contributor };
export interface Segment {
  fromKm: number;
  toKm: number;
  score: number;
  countries: string[];
}
export interface WorstSegment {
  fromKm: number;
  toKm: number;
  score: number;
}
export interface CountryAdvisory {
  code: string;
  advisoryLevel: number | null;
}
export type SupplyInput = SupplyInputRisk;
export interface Supply {
  score: number;
  level: Level;
  asOf: string;
  inputs: SupplyInput[];
}

export interface ScoreView {
  subject: { type: SubjectType; id: string };
  score: number;
  level: Level;
  components: { baseline: number; incidents: number; hazards: number; [k: string]: number };
  contributors: Contributor[];
  trend: { delta7d: number };
  asOf: string;
  computedAt: string;
  countries?: CountryAdvisory[];
  segments?: Segment[];
  worstSegment?: WorstSegment | null;
  supply?: Supply | null;
  supplyScore?: number | null;
}

export interface Assessment {
  route: { id: string; name: string; mode: string; lengthKm: number };
  score: number;
  level: Level;
  segments: Segment[];
  worstSegment: WorstSegment | null;
  countries: CountryAdvisory[];
  incidents: { last30d: number; last90d: number };
  contributors: Contributor[];
  trend: { delta7d: number };
  asOf: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface WhatIfAlternative {
  routeId: string;
  name: string;
  score: number;
  level: Level;
  spare: number;
  worstSegment?: WorstSegment | null;
}
export interface WhatIfResult {
  closedRoutes: { id: string; name: string; reason: 'listed' | 'area' | 'event'; kmClosed: number }[];
  sites: WhatIfSite[];
  summary: { sitesAffected: number; sitesStockingOut: number };
  asOf: string;
}

/** One row of the list and one feature group on the map: a site or a route with its current score. */
export interface Subject {
  key: string;
  type: SubjectType;
  id: string;
  name: string;
  site?: SiteDoc;
  route?: RouteDoc;
  score: ScoreView | null;
}
