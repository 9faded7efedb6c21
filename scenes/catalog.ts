import type { ObjectShape } from '../src/world/world-model.ts';

/** A retail product: its collision shape (x = depth, y = facing width, z = height), mass and surface. */
export interface Product {
  readonly name: string;
  readonly description: string;
  readonly shape: ObjectShape;
  readonly massKg: number;
  /** Coulomb friction coefficient of its outer surface. */
  readonly friction: number;
  /** Name of a built-in material (see `BUILTIN_MATERIALS`), for restitution and display. */
  readonly material: string;
  readonly tags: readonly string[];
  /** The end effector a picker would choose: flat faces suit suction, round or curved ones the gripper. */
  readonly preferredEffector: 'gripper' | 'suction';
}

const box = (x: number, y: number, z: number): ObjectShape => ({ kind: 'box', sizeM: [x, y, z] });
const cylinder = (diameterM: number, heightM: number): ObjectShape => ({
  kind: 'cylinder',
  radiusM: diameterM / 2,
  heightM,
});

// Sizes and masses follow real packs (several are the YCB object set's measured figures).
const PRODUCTS: readonly Product[] = [
  {
    name: 'can-330ml',
    description: '330 ml aluminium drink can, Ø66 × 115 mm',
    shape: cylinder(0.066, 0.115),
    massKg: 0.35,
    friction: 0.4,
    material: 'aluminium',
    tags: ['beverage', 'can'],
    preferredEffector: 'gripper',
  },
  {
    name: 'bottle-500ml',
    description: '500 ml PET water bottle, Ø65 × 205 mm, modelled as a cylinder (the neck is ignored)',
    shape: cylinder(0.065, 0.205),
    massKg: 0.53,
    friction: 0.35,
    material: 'pet',
    tags: ['beverage', 'bottle'],
    preferredEffector: 'gripper',
  },
  {
    name: 'cereal-box',
    description: 'cereal box, 195 × 70 × 290 mm face-on',
    shape: box(0.07, 0.195, 0.29),
    massKg: 0.5,
    friction: 0.55,
    material: 'cardboard',
    tags: ['grocery', 'box'],
    preferredEffector: 'suction',
  },
  {
    name: 'tea-box',
    description: 'tea box of 20 bags, 130 × 75 × 70 mm',
    shape: box(0.075, 0.13, 0.07),
    massKg: 0.12,
    friction: 0.55,
    material: 'cardboard',
    tags: ['grocery', 'box'],
    preferredEffector: 'suction',
  },
  {
    name: 'cracker-box',
    description: 'cracker box, 158 × 60 × 210 mm (YCB 003)',
    shape: box(0.06, 0.158, 0.21),
    massKg: 0.411,
    friction: 0.55,
    material: 'cardboard',
    tags: ['grocery', 'box'],
    preferredEffector: 'suction',
  },
  {
    name: 'jar',
    description: 'glass jar of jam, Ø85 × 110 mm',
    shape: cylinder(0.085, 0.11),
    massKg: 0.45,
    friction: 0.3,
    material: 'glass',
    tags: ['grocery', 'jar', 'fragile'],
    preferredEffector: 'gripper',
  },
  {
    name: 'soup-can',
    description: 'tomato soup can, Ø66 × 101 mm (YCB 005)',
    shape: cylinder(0.066, 0.101),
    massKg: 0.349,
    friction: 0.4,
    material: 'steel',
    tags: ['grocery', 'can'],
    preferredEffector: 'gripper',
  },
  {
    name: 'snack-bag',
    description:
      'crisps bag, 160 × 60 × 220 mm; a pillow of air approximated by a light box with high friction ' +
      '(no deformation is simulated, so it grasps more easily than a real bag)',
    shape: box(0.06, 0.16, 0.22),
    massKg: 0.08,
    friction: 0.8,
    material: 'foil',
    tags: ['grocery', 'bag', 'soft'],
    preferredEffector: 'suction',
  },
  {
    name: 'detergent-bottle',
    description: '1.5 l detergent bottle, 170 × 85 × 270 mm, modelled as a box',
    shape: box(0.085, 0.17, 0.27),
    massKg: 1.6,
    friction: 0.4,
    material: 'plastic',
    tags: ['household', 'bottle', 'heavy'],
    preferredEffector: 'gripper',
  },
  {
    name: 'milk-carton-1l',
    description: '1 l milk carton, 70 × 70 × 200 mm (gable top ignored)',
    shape: box(0.07, 0.07, 0.2),
    massKg: 1.05,
    friction: 0.5,
    material: 'cardboard',
    tags: ['beverage', 'carton'],
    preferredEffector: 'gripper',
  },
  // Store SKUs for the restocking demo. Flat-topped or wide packs take the suction cup; the gripper opens 0.1 m.
  {
    name: 'can-500ml',
    description: '500 ml tall drink can, Ø66 × 168 mm',
    shape: cylinder(0.066, 0.168),
    massKg: 0.52,
    friction: 0.4,
    material: 'aluminium',
    tags: ['beverage', 'can'],
    preferredEffector: 'gripper',
  },
  {
    name: 'can-250ml-slim',
    description: '250 ml slim energy-drink can, Ø53 × 134 mm',
    shape: cylinder(0.053, 0.134),
    massKg: 0.27,
    friction: 0.4,
    material: 'aluminium',
    tags: ['beverage', 'can'],
    preferredEffector: 'gripper',
  },
  {
    name: 'tuna-can',
    description: 'tuna fish can, Ø85 × 33 mm (YCB 007); a flat lid, picked by suction',
    shape: cylinder(0.085, 0.033),
    massKg: 0.171,
    friction: 0.4,
    material: 'steel',
    tags: ['grocery', 'can'],
    preferredEffector: 'suction',
  },
  {
    name: 'coffee-can',
    description: 'coffee can, Ø102 × 139 mm (YCB 002); wider than the gripper opens, picked by its flat lid',
    shape: cylinder(0.102, 0.139),
    massKg: 0.414,
    friction: 0.4,
    material: 'steel',
    tags: ['grocery', 'can'],
    preferredEffector: 'suction',
  },
  {
    name: 'chips-can',
    description: 'stacked-crisps tube, Ø75 × 250 mm (YCB 001)',
    shape: cylinder(0.075, 0.25),
    massKg: 0.205,
    friction: 0.5,
    material: 'cardboard',
    tags: ['grocery', 'can'],
    preferredEffector: 'gripper',
  },
  {
    name: 'sugar-box',
    description: 'sugar box, 89 × 38 × 175 mm face-on (YCB 004)',
    shape: box(0.038, 0.089, 0.175),
    massKg: 0.514,
    friction: 0.55,
    material: 'cardboard',
    tags: ['grocery', 'box'],
    preferredEffector: 'suction',
  },
  {
    name: 'pudding-box',
    description: 'pudding mix box, 110 × 35 × 89 mm face-on (YCB 008)',
    shape: box(0.035, 0.11, 0.089),
    massKg: 0.187,
    friction: 0.55,
    material: 'cardboard',
    tags: ['grocery', 'box'],
    preferredEffector: 'suction',
  },
  {
    name: 'gelatin-box',
    description: 'gelatin box, 85 × 28 × 73 mm face-on (YCB 009)',
    shape: box(0.028, 0.085, 0.073),
    massKg: 0.097,
    friction: 0.55,
    material: 'cardboard',
    tags: ['grocery', 'box'],
    preferredEffector: 'suction',
  },
  {
    name: 'pasta-box',
    description: '500 g pasta box, 140 × 45 × 195 mm face-on',
    shape: box(0.045, 0.14, 0.195),
    massKg: 0.52,
    friction: 0.55,
    material: 'cardboard',
    tags: ['grocery', 'box'],
    preferredEffector: 'suction',
  },
  {
    name: 'mustard-bottle',
    description: 'mustard squeeze bottle, 85 × 50 × 175 mm face-on (YCB 006), modelled as a box',
    shape: box(0.05, 0.085, 0.175),
    massKg: 0.603,
    friction: 0.45,
    material: 'plastic',
    tags: ['grocery', 'bottle'],
    preferredEffector: 'gripper',
  },
  {
    name: 'bleach-bottle',
    description: 'bleach cleanser bottle, 98 × 65 × 250 mm face-on (YCB 021), modelled as a box',
    shape: box(0.065, 0.098, 0.25),
    massKg: 1.131,
    friction: 0.45,
    material: 'plastic',
    tags: ['household', 'bottle', 'heavy'],
    preferredEffector: 'gripper',
  },
  {
    name: 'sauce-jar',
    description: 'pasta-sauce jar, Ø75 × 150 mm',
    shape: cylinder(0.075, 0.15),
    massKg: 0.68,
    friction: 0.3,
    material: 'glass',
    tags: ['grocery', 'jar', 'fragile'],
    preferredEffector: 'gripper',
  },
  {
    name: 'juice-carton-1l',
    description: '1 l juice carton, 95 × 64 × 195 mm face-on (a Tetra Brik 1000 base)',
    shape: box(0.064, 0.095, 0.195),
    massKg: 1.05,
    friction: 0.5,
    material: 'cardboard',
    tags: ['beverage', 'carton'],
    preferredEffector: 'gripper',
  },
];

/** Every catalog product by name. */
export const CATALOG: ReadonlyMap<string, Product> = new Map(PRODUCTS.map((p) => [p.name, p]));

/** Looks a product up by name; undefined when the catalog has none. */
export function findProduct(name: string): Product | undefined {
  return CATALOG.get(name);
}
