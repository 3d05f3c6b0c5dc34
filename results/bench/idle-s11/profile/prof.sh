#!/bin/bash
# usage: prof.sh NAME PROGRAM.opt (from anywhere; as root, with linux-perf installed): runs optic bench on the
# program (10^6 in 64 tensors, wgsl only), samples the whole process with perf for 8 s after 12 s of warm-up,
# and, while it still runs, reads the hottest 64 KiB of JIT code (lavapipe's shader) from /proc/PID/mem and
# disassembles it: NAME/hot.txt (address, samples, %), NAME/annotated.asm (% per instruction), NAME/samples.txt.
set -e
name=$1; prog=$(realpath "$2"); out=$(cd "$(dirname "$0")" && pwd)/$name; mkdir -p "$out"
cd "$(dirname "$0")/../../../.."
node runtime/cli/bin.js bench --params 1000000 --tensors 64 --steps 3000 --implementations wgsl --programs $prog --json > $out/bench.json 2>$out/bench.err &
pid=$!
sleep 12
perf record -F 1999 -p $pid -o $out/perf.data -- sleep 8 2>/dev/null >/dev/null
perf script -i $out/perf.data -G -F tid,ip,dso 2>/dev/null > $out/samples.txt
python3 - $pid $out <<'PY'
import sys, collections, subprocess
pid, out = sys.argv[1], sys.argv[2]
rows = [l.split() for l in open(f'{out}/samples.txt')]
jit = [r for r in rows if 'perf-' in r[2] and r[2].endswith('.map)')]
tids = collections.Counter(r[0] for r in jit)
ips = collections.Counter(int(r[1], 16) for r in jit)
total = sum(ips.values())
lo, hi = min(ips), max(ips)
# the hot region: addresses with samples, grouped by 64 KiB page
pages = collections.Counter(ip >> 16 for ip in ips.elements())
print('tids', tids.most_common(4), 'jit samples', total)
print('64K pages', [(hex(p << 16), c) for p, c in pages.most_common(4)])
page = pages.most_common(1)[0][0]
hot = {ip: c for ip, c in ips.items() if ip >> 16 == page}
start, end = min(hot) - 4096, max(hot) + 256
mem = open(f'/proc/{pid}/mem', 'rb'); mem.seek(start); data = mem.read(end - start)
open(f'{out}/code.bin', 'wb').write(data)
open(f'{out}/base.txt', 'w').write(hex(start))
with open(f'{out}/hot.txt', 'w') as f:
  for ip, c in sorted(hot.items()): f.write(f'{ip:x} {c} {100*c/total:.2f}\n')
PY
kill $pid || true
base=$(cat $out/base.txt)
objdump -D -b binary -mi386:x86-64 --adjust-vma=$base $out/code.bin > $out/code.asm
python3 - $out <<'PY'
import sys
out = sys.argv[1]
hot = {int(l.split()[0], 16): (int(l.split()[1]), float(l.split()[2])) for l in open(f'{out}/hot.txt')}
with open(f'{out}/annotated.asm', 'w') as f:
  for line in open(f'{out}/code.asm'):
    s = line.strip()
    if ':' in s:
      try: a = int(s.split(':')[0], 16)
      except ValueError: a = None
      if a in hot: f.write(f'{hot[a][1]:6.2f}% {line.rstrip()}\n'); continue
    f.write('        ' + line.rstrip() + '\n')
PY
echo done $out
