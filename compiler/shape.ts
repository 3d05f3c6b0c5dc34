// Each parameter tensor's R×C view (ir.ts `Type`), for the interpreter and the runtimes: no imports, so the
// tfjs optimizer module that `optic compile` prints can bundle it.

/** A parameter tensor's R×C view: C its last dimension (1 for a scalar), R the product of the others. */
export interface MatrixView {
  readonly rows: number;
  readonly cols: number;
}

export function matrixView(shape: readonly number[]): MatrixView {
  if (shape.length === 0) return { rows: 1, cols: 1 };
  return { rows: shape.slice(0, -1).reduce((a, b) => a * b, 1), cols: shape[shape.length - 1] };
}

/** How many numbers a value of this type holds for a parameter tensor with this view. */
export function valueLength(type: 'tensor' | 'rows' | 'cols' | 'scalar', view: MatrixView): number {
  return type === 'tensor' ? view.rows * view.cols : type === 'rows' ? view.rows : type === 'cols' ? view.cols : 1;
}

/** The shape a state slot of this type has for a parameter tensor of `shape`: its own, [R, 1] or [1, C]. */
export function slotShape(type: 'tensor' | 'rows' | 'cols', shape: readonly number[]): number[] {
  const { rows, cols } = matrixView(shape);
  return type === 'tensor' ? [...shape] : type === 'rows' ? [rows, 1] : [1, cols];
}
