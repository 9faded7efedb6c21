/** Volume, centre of mass and inertia of a closed triangle mesh of uniform density. */
export interface MassProperties {
  readonly volumeM3: number;
  readonly comM: readonly [number, number, number];
  /** Inertia tensor about the centre of mass, in the mesh's axes, row-major 3×3, kg·m² for `massKg`. */
  readonly inertiaKgM2: readonly number[];
  readonly massKg: number;
  readonly densityKgM3: number;
}

/**
 * Mass properties of a closed triangle soup (wound consistently, either way) (x, y, z per vertex, three vertices per triangle) with
 * total mass `massKg`, by summing the signed tetrahedra each triangle makes with the origin (the divergence
 * theorem). This is what ACRONYM stores from trimesh (`object/volume`, `object/com`, `object/inertia`,
 * `object/density`), in the frame of the given vertices.
 */
export function meshMassProperties(soup: Float32Array, massKg: number): MassProperties {
  let volume = 0;
  const first = [0, 0, 0];
  // Second moments ∫ x_i x_j dV about the origin.
  const c = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (let t = 0; t + 8 < soup.length; t += 9) {
    const a = [soup[t]!, soup[t + 1]!, soup[t + 2]!];
    const b = [soup[t + 3]!, soup[t + 4]!, soup[t + 5]!];
    const d = [soup[t + 6]!, soup[t + 7]!, soup[t + 8]!];
    const v =
      (a[0]! * (b[1]! * d[2]! - b[2]! * d[1]!) -
        a[1]! * (b[0]! * d[2]! - b[2]! * d[0]!) +
        a[2]! * (b[0]! * d[1]! - b[1]! * d[0]!)) /
      6;
    volume += v;
    const s = [a[0]! + b[0]! + d[0]!, a[1]! + b[1]! + d[1]!, a[2]! + b[2]! + d[2]!];
    for (let i = 0; i < 3; i++) first[i]! += (v * s[i]!) / 4;
    // A tetrahedron (0, a, b, d): ∫ x xᵀ dV = V/20 (a aᵀ + b bᵀ + d dᵀ + s sᵀ).
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++)
        c[3 * i + j]! += (v / 20) * (a[i]! * a[j]! + b[i]! * b[j]! + d[i]! * d[j]! + s[i]! * s[j]!);
  }
  // A mesh wound inward gives the same sums with the sign flipped.
  const sign = Math.sign(volume);
  if (Math.abs(volume) < 1e-12) throw new Error('the mesh encloses no volume (is it closed?)');
  volume *= sign;
  for (let i = 0; i < 3; i++) first[i]! *= sign;
  for (let k = 0; k < 9; k++) c[k]! *= sign;
  const com: [number, number, number] = [first[0]! / volume, first[1]! / volume, first[2]! / volume];
  const density = massKg / volume;
  // Move the second moments to the centre of mass, then I = tr(C)·1 − C.
  const cc = c.map((x, k) => x - volume * com[Math.floor(k / 3)]! * com[k % 3]!);
  const trace = cc[0]! + cc[4]! + cc[8]!;
  const inertia = cc.map((x, k) => density * ((k % 4 === 0 ? trace : 0) - x));
  return { volumeM3: volume, comM: com, inertiaKgM2: inertia, massKg, densityKgM3: density };
}
