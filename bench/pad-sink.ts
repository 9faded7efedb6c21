// How deep the jaw's pads sink into what they squeeze, and what sets it (issue 13: Rapier's pads sank 0.9–2.9 mm where
// the MuJoCo referee's sink 0.1–0.4 mm and a rubber pad 0.2–0.5 mm). A box of 5 g … 600 g squeezed weightless between
// the trials' jaw (EMBODY_JAW_80MM's pads and fingers, lean-linkage joints, the one solver configuration) at 10 and
// 40 N; after 1.25 s it reads the deepest contact point of each pad, the sink from the jaw's travel against the box's
// width, and the finger's tilt. Then the same with one setting changed at a time, to tell which lever moves it.
// BENCH_SINK_VARIANTS a comma list of the variants below (default all).
import { jawFingers } from '../sim/grasp-trial/parallel-slot.ts';
import { EMBODY_JAW_80MM } from '../sim/grasp-trial/effector-models.ts';
import { measurePadSink, type PadSinkSettings } from '../sim/effectors/pad-sink.ts';
import { loadRapier } from '../sim/rapier.ts';

/** One setting changed at a time from the world and jaw the robot and the trials run. */
const VARIANTS: Record<string, PadSinkSettings> = {
  'as run': {},
  '16 solver iterations': { solverIterations: 16 },
  '+24 iterations on the fingers': { fingerExtraSolverIterations: 24 },
  'allowed error 0 (1 mm)': { allowedLinearErrorM: 0 },
  'contact 480 Hz (120)': { contactNaturalFrequencyHz: 480 },
  "fingers' turn inertia ×100": { fingerTurnInertiaScale: 100 },
  'fingers 4× heavier': { fingerMassScale: 4 },
};

export async function runPadSinkBench(): Promise<void> {
  const rapier = await loadRapier();
  const fingers = jawFingers(EMBODY_JAW_80MM);
  const names = (process.env.BENCH_SINK_VARIANTS ?? Object.keys(VARIANTS).join(',')).split(',');
  console.log('pad sink: box squeezed by the 80 mm jaw (lean-linkage), deepest contact / from travel / finger tilt');
  for (const name of names) {
    const settings = VARIANTS[name];
    if (settings === undefined)
      throw new Error(`BENCH_SINK_VARIANTS: ${name} is not one of ${Object.keys(VARIANTS).join(', ')}`);
    const cells: string[] = [];
    for (const massKg of [0.05, 0.2, 0.6])
      for (const forceN of [10, 40]) {
        const s = measurePadSink(rapier, fingers, { massKg, forceN, ...settings });
        cells.push(
          `${massKg} kg ${forceN} N ${(s.contactDepthM * 1000).toFixed(2)}/${(s.travelSinkM * 1000).toFixed(2)} mm ` +
            `${s.fingerTiltDeg.toFixed(1)}°`,
        );
      }
    console.log(`  ${name.padEnd(30)} ${cells.join('  ')}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runPadSinkBench();
