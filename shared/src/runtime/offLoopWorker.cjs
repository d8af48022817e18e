// The body of every off-loop worker thread (shared/src/runtime/offLoop.ts). Worker threads do not share
// the main thread's TypeScript loader under jest (swc transforms in-process only) nor, reliably, under
// tsx: register tsx's CommonJS hook here, then load the task module named in workerData. Plain JS so
// that it loads before any TypeScript hook exists.
/* global require, module */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS bootstrap, on purpose */
'use strict';
const { workerData } = require('node:worker_threads');
if (!require.extensions['.ts']) require('tsx/cjs/api').register();
module.exports = require(workerData.tasksModule);
