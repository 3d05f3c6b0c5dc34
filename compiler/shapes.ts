// Value types and their shapes. Every parameter tensor is seen as a matrix whose columns are its last
// dimension and whose rows are the product of the others (a 1-D tensor is one row, a 0-D one is 1 × 1), so
// that Adafactor's factored moments (Shazeer & Stern 2018) can be written for tensors of any rank. A value
// of a program is, per parameter tensor:
//
//   tensor  every element (rows × cols)          w, g, most state, elementwise results
//   row     one value per column (1 × cols)      mean_rows(x), sum_rows(x)
//   col     one value per row (rows × 1)         mean_cols(x), sum_cols(x)
//   scalar  one value                            numbers, hyperparameters, step, norm(x), mean(x)
//
// They form a lattice, scalar < row, col < tensor, and an elementwise op's result is the join of its
// arguments' types: a row and a column broadcast to the whole tensor (their outer product), a scalar to
// anything. Reducing over rows takes a tensor to a row and a column to a scalar; over columns, a tensor to
// a column and a row to a scalar; a value with one row (or column) is its own reduction over it.
//
// A state slot's type is the least fixpoint of "the type of the value returned for it, given the slots'
// types" (compiler/types.ts), so `r = β * r + (1 - β) * mean_cols(g * g)` keeps one number per row. A slot
// whose value is a scalar is kept as a full tensor (as every slot was before rows and columns existed).

export type Type = 'tensor' | 'row' | 'col' | 'scalar';

/** What an argument of an op may be (compiler/ops.ts `argTypes`). */
export type ArgType = 'tensor' | 'scalar' | 'shaped' | 'any';

export type Axis = 'rows' | 'cols';

/** The least type both broadcast to. */
export function join(a: Type, b: Type): Type {
  if (a === b || b === 'scalar') return a;
  if (a === 'scalar') return b;
  return 'tensor';
}

export function joinAll(types: readonly Type[]): Type {
  return types.reduce(join, 'scalar');
}

/** True when a value of type `a` broadcasts to type `b` (a ≤ b in the lattice). */
export function fitsIn(a: Type, b: Type): boolean {
  return join(a, b) === b;
}

/** The type of reducing a value of type `t` over `axis`. */
export function reduceAxis(t: Type, axis: Axis): Type {
  if (t === 'tensor') return axis === 'rows' ? 'row' : 'col';
  if (t === (axis === 'rows' ? 'col' : 'row')) return 'scalar';
  return t;
}

export function accepts(want: ArgType, have: Type): boolean {
  if (want === 'any') return true;
  if (want === 'shaped') return have !== 'scalar';
  return want === have;
}

/** A type as a diagnostic names it. */
export function describe(t: Type): string {
  switch (t) {
    case 'tensor':
      return 'a tensor';
    case 'row':
      return 'a row (one value per column)';
    case 'col':
      return 'a column (one value per row)';
    case 'scalar':
      return 'a scalar';
  }
}

/** A parameter tensor's shape as a matrix: columns are the last dimension, rows the product of the others. */
export function matrixOf(shape: readonly number[]): { rows: number; cols: number } {
  const cols = shape.length === 0 ? 1 : shape[shape.length - 1];
  const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
  return { rows, cols };
}

/** The number of values a value of type `t` holds for a tensor of the given shape. */
export function lengthOf(t: Type, shape: readonly number[]): number {
  const { rows, cols } = matrixOf(shape);
  return t === 'tensor' ? rows * cols : t === 'row' ? cols : t === 'col' ? rows : 1;
}

/** The shape of a state variable of type `t` for a parameter of the given shape: [cols] for a row, [rows] for a column. */
export function slotShape(t: Type, shape: readonly number[]): number[] {
  const { rows, cols } = matrixOf(shape);
  return t === 'row' ? [cols] : t === 'col' ? [rows] : [...shape];
}
