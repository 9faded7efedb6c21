/** Debian's Chromium: the tests and benches never let Playwright download a browser of its own. */
export const CHROMIUM = '/usr/bin/chromium';

/** Headless flags for a fresh profile: no sandbox (root in CI), software GL, nothing reaching out to the network. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
