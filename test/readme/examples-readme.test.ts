import { describeReadme } from './readme-runner.ts';

// examples/README.md: every example runs as written (the restocking one is the longest, about two minutes of sim
// time at several times real time).
describeReadme('examples/README.md');
