// leaflet-geoman is a script that extends the global `L`: this chunk loads it after Leaflet, on demand.
import './leafletGlobal';
import '@geoman-io/leaflet-geoman-free';
