// Property tests: one fixed seed everywhere, so that a run's result depends on the code alone, on a
// developer's machine as in CI. FC_SEED=N replays or explores another seed; FC_SEED=random draws one per run
// (to keep finding new cases). Every failure prints the seed and path that reproduce it.
import fc from 'fast-check';

const FIXED_SEED = 20261123;
const chosen = process.env.FC_SEED;
if (chosen !== 'random')
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: chosen ? Number(chosen) : FIXED_SEED });
