# Shared by scripts/bench-*.sh (sourced, not run).

# Builds the job jar when it is missing or older than any source file (the Spark and Mahout peers' sources are
# not in it: bench.sh and bench-mahout.sh build those modules by themselves).
build_if_needed() {
  local root="$1" jar
  jar="$(ls "$root"/jobs/dist/target/shardtrain-*-job.jar 2>/dev/null | head -n 1 || true)"
  if [[ -z "$jar" || -n "$(find "$root" \( -path "$root/integration/spark-peer" -o -path "$root/integration/mahout-peer" \) -prune -o -path '*/src/*' -newer "$jar" \
      -type f -print -quit)" ]]; then
    (cd "$root" && mvn -q -B -DskipTests package)
  fi
}

# peer_classpath NAME: builds the benchmark-only module integration/NAME-peer when its sources are newer than
# its jar (its own dependency tree: the peer's Hadoop and friends stay out of shardtrain's), and prints its
# classpath (jar, then the dependencies its build listed in target/classpath.txt).
peer_classpath() {
  local peer="$ROOT/integration/$1-peer" jar
  jar="$peer/target/shardtrain-$1-peer-0.1.0-SNAPSHOT.jar"
  if [[ ! -f "$jar" || ! -f "$peer/target/classpath.txt" || -n "$(find "$peer/src" "$peer/pom.xml" -newer "$jar" -type f -print -quit)" ]]; then
    echo "building the $1 peer (integration/$1-peer) ..." >&2
    mvn -q -B -f "$peer/pom.xml" package >&2
  fi
  echo "$jar:$(cat "$peer/target/classpath.txt")"
}

# Prints "median mean min max" of history[].seconds in a metrics.json (one number per iteration or epoch).
iteration_seconds() {
  sed -n '/"history"/,/^  \]/p' "$1" | sed -nE 's/^ *"seconds": ([0-9.eE+-]+),?$/\1/p' | sort -g |
    awk '{v[NR]=$1; s+=$1} END {m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; printf "%.3f %.3f %.3f %.3f", m, s/NR, v[1], v[NR]}'
}

# A top-level number from a metrics.json.
metric() {
  sed -nE "s/^  \"$2\": ([^,]+),?\$/\\1/p" "$1"
}

machine_line() {
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(java -version 2>&1 | sed -n 1p)"
}
