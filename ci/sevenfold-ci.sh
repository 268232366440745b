#!/usr/bin/env bash
# The steps of Sevenfold's CI templates, one subcommand each. The GitHub Action (action.yml), the GitLab
# template (ci/gitlab/sevenfold.gitlab-ci.yml) and the test suite (test/ci/) all run these, so what CI does
# is what the tests run. Each step records Sevenfold's exit code in $SEVENFOLD_OUT/exit-<step> and returns
# 0, so that the SARIF is uploaded and the corpus cached whatever the verdict; `gate` then fails the job
# with the worst code (2 input error, then 1 violated or crash, then 3 unknown).
#
#   sevenfold-ci.sh lint                 lint the product's manifests and hardware definitions → lint.sarif
#   sevenfold-ci.sh verify               verify every property, audit report → report/report.sarif
#   sevenfold-ci.sh fuzz-shard i/n       shard i of n of the fuzz campaign, in $SEVENFOLD_FUZZ_DIR
#   sevenfold-ci.sh fuzz-merge dirs...   merge the shards' folders into $SEVENFOLD_FUZZ_DIR
#   sevenfold-ci.sh gate                 exit with the worst recorded code
#
# Settings (environment): SEVENFOLD (the command, default "npx sevenfold"), SEVENFOLD_PRODUCT (default
# sevenfold.json), SEVENFOLD_HARDWARE (hardware definition for "$NAME" references), SEVENFOLD_OUT (default
# sevenfold-out), SEVENFOLD_VERIFY_ARGS (e.g. "--seed 42"), SEVENFOLD_FUZZ_DIR (corpus and crashes, the
# folder to cache; default sevenfold-fuzz), SEVENFOLD_FUZZ_TARGETS (default app-manifest,hardware-definition:
# the readers of the files a device maker writes), SEVENFOLD_FUZZ_MODE (default both), SEVENFOLD_FUZZ_TIME
# (per target and mode, default 60s), SEVENFOLD_SEED (the same on every shard makes the campaign repeatable),
# SEVENFOLD_FUZZ_ARGS (more fuzz options, e.g. "--runs 500").
set -uo pipefail

step="${1:-}"
[ $# -gt 0 ] && shift
read -r -a SEVENFOLD_CMD <<< "${SEVENFOLD:-npx sevenfold}"
product="${SEVENFOLD_PRODUCT:-sevenfold.json}"
out="${SEVENFOLD_OUT:-sevenfold-out}"
fuzz_dir="${SEVENFOLD_FUZZ_DIR:-sevenfold-fuzz}"
targets="${SEVENFOLD_FUZZ_TARGETS:-app-manifest,hardware-definition}"
read -r -a verify_args <<< "${SEVENFOLD_VERIFY_ARGS:-}"
read -r -a fuzz_args <<< "${SEVENFOLD_FUZZ_ARGS:-}"
seed_args=()
[ -n "${SEVENFOLD_SEED:-}" ] && seed_args=(--seed "$SEVENFOLD_SEED")
mkdir -p "$out"

record() { # record <step> <exit code>
  echo "$2" > "$out/exit-$1"
  echo "sevenfold-ci: $1 exited $2"
}

# The product's own manifests and hardware definitions start the campaign's corpus, named by SHA-256 as
# the fuzzer names its inputs (the merge keeps those that add coverage).
seed_corpus() {
  local dir t file sum
  dir="$(dirname "$product")"
  for t in app-manifest hardware-definition; do
    case ",$targets," in *",$t,"*|",all,") ;; *) continue ;; esac
    mkdir -p "$fuzz_dir/$t/corpus"
    while IFS= read -r -d '' file; do
      if [ "$t" = app-manifest ]; then [ "$(basename "$file")" = app_manifest.json ] || continue
      else { [ "$(basename "$file")" != app_manifest.json ] && grep -q '"Peripherals"' "$file"; } || continue; fi
      sum="$(sha256sum "$file" | cut -d' ' -f1)"
      cp "$file" "$fuzz_dir/$t/corpus/$sum"
    done < <(find "$dir" \( -name node_modules -o -name .git -o -path "*/${fuzz_dir#./}" -o -path "*/${out#./}" \) -prune -o -name '*.json' -type f -print0)
  done
}

case "$step" in
  lint)
    "${SEVENFOLD_CMD[@]}" lint "$(dirname "$product")" ${SEVENFOLD_HARDWARE:+--hardware "$SEVENFOLD_HARDWARE"} --format sarif > "$out/lint.sarif"
    code=$?
    "${SEVENFOLD_CMD[@]}" lint "$(dirname "$product")" ${SEVENFOLD_HARDWARE:+--hardware "$SEVENFOLD_HARDWARE"} --quiet || true
    record lint "$code"
    ;;
  verify)
    "${SEVENFOLD_CMD[@]}" report --product "$product" --out "$out/report" --format md,json,sarif --no-svg "${verify_args[@]}"
    record verify $?
    ;;
  fuzz-shard)
    shard="${1:?fuzz-shard needs i/n, e.g. 1/4}"
    seed_corpus
    "${SEVENFOLD_CMD[@]}" fuzz "$targets" --mode "${SEVENFOLD_FUZZ_MODE:-both}" --time "${SEVENFOLD_FUZZ_TIME:-60s}" --shard "$shard" \
      "${seed_args[@]}" --out "$fuzz_dir" "${fuzz_args[@]}"
    record "fuzz-shard-${shard%/*}" $?
    ;;
  fuzz-merge)
    [ $# -gt 0 ] || { echo "sevenfold-ci: fuzz-merge needs the shards' folders" >&2; exit 2; }
    "${SEVENFOLD_CMD[@]}" fuzz "$targets" --merge "$@" --out "$fuzz_dir"
    record fuzz-merge $?
    ;;
  gate)
    worst=0
    for f in "$out"/exit-*; do
      [ -e "$f" ] || continue
      c="$(cat "$f")"
      case "$c" in
        2) worst=2 ;;
        1) [ "$worst" = 2 ] || worst=1 ;;
        3) [ "$worst" = 0 ] && worst=3 ;;
        0) ;;
        *) worst=2 ;;
      esac
      [ "$c" = 0 ] || echo "sevenfold-ci: $(basename "$f" | sed 's/^exit-//') exited $c"
    done
    exit "$worst"
    ;;
  *)
    echo "usage: sevenfold-ci.sh lint|verify|fuzz-shard i/n|fuzz-merge dirs...|gate" >&2
    exit 2
    ;;
esac
