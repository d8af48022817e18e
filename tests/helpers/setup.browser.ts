// jest's testTimeout is a global option only: each project sets its own here. A browser suite starts
// the service, loads the demo portfolio and drives chromium.
jest.setTimeout(120_000);
