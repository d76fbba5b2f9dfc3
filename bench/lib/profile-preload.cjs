// Loaded into a codesync process through NODE_OPTIONS=--require when BENCH_PROFILE=1, since
// Node 20 refuses --cpu-prof in NODE_OPTIONS. Samples the main thread with the inspector's
// profiler from the first SIGUSR2 (so start-up is left out) and writes a .cpuprofile (the
// format --cpu-prof writes) when the process exits.
'use strict';
const inspector = require('node:inspector');
const fs = require('node:fs');

const out = process.env.BENCH_PROFILE_OUT;
if (out) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  process.once('SIGUSR2', () => session.post('Profiler.start'));
  // An in-process session answers synchronously, so this works inside 'exit'.
  process.on('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (!error) fs.writeFileSync(out, JSON.stringify(result.profile));
    });
  });
}
