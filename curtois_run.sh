#!/bin/sh
cd /work/wt/lns15
for i in $(seq 1 24); do
  if [ $i -le 8 ]; then t=60; elif [ $i -le 20 ]; then t=300; else t=120; fi
  echo "# Instance$i limit $t start $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
  .venv/bin/python -m bench.curtois bench/curtois/data/Instance$i.txt --time-limit $t --workers 2
  echo "# end $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
done
