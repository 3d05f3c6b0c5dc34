// programs/adafactor.opt: the WGSL target does not compute rows and columns yet (mean_rows, mean_cols, sum_rows, sum_cols, or state that keeps them); use the tfjs target (optic train --backend tfjs)
