import L from 'leaflet';

/** leaflet-geoman is a script that extends the global `L`: give it this bundle's Leaflet before it loads. */
(globalThis as unknown as { L: typeof L }).L = L;
