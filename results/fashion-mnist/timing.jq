# A markdown table of time per training step from the runs' metrics.json files of one `optic compare` folder
# (jq -s -r -f timing.jq DIR/runs/*/metrics.json): mean CPU and wall milliseconds per step per program, the
# CPU seconds of a full 430-step epoch, and each program's CPU time per step over tf.train.adam's.
def steps: (.examples.train / .batch | floor);
def mean: add / length;
map(. + {cpu_ms: (1000 * .cpu_seconds_per_epoch / steps), wall_ms: (1000 * .seconds_per_epoch / steps)})
| group_by(.program)
| map({model: .[0].model, backend: "\(.[0].backend)/\(.[0].tfjs_backend)", program: .[0].program, runs: length,
       cpu: (map(.cpu_ms) | mean), wall: (map(.wall_ms) | mean)})
| (map(select(.program == "tf.train.adam"))[0].cpu // null) as $base
| ["| model | backend | optimizer | runs | CPU ms/step | ≈ CPU s/epoch | wall ms/step | CPU ÷ tf.train.adam |",
   "| --- | --- | --- | --- | --- | --- | --- | --- |"]
  + map("| \(.model) | \(.backend) | \(.program) | \(.runs) | \(.cpu | round) | \(.cpu * 430 / 1000 | round) | \(.wall | round) | \(if $base then (.cpu / $base * 100 | round / 100) else "–" end) |")
| .[]
