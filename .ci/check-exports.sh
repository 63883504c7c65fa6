#!/usr/bin/env bash
# Checks what netdraft exports against the ecosystems' own definitions, with the
# offline kit in ../shared/validators (see its README): Terraform against the
# azurerm 5.2.0 and 4.81.0 argument schemas, Bicep against the type data the
# Bicep compiler uses (deploy-time constants, and no API version older than the
# newest GA one), Helm values against the upstream charts, and manifests against
# their CRD schemas and cross-document rules.
#
# Exports every starter template, every export fixture and a few generated
# designs in Terraform (both azurerm majors), Bicep, Helm and Kubernetes, and
# fails on any finding or stale API version.
#
#   .ci/check-exports.sh [NETDRAFT_BINARY]     (default target/debug/netdraft)
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${1:-target/debug/netdraft}
kit=${NETDRAFT_VALIDATORS:-../shared/validators}
if [[ ! -x $kit/check-exports.sh ]]; then
    echo "check-exports: the validator kit is not at $kit (set NETDRAFT_VALIDATORS)" >&2
    exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

designs=()
for t in $("$bin" templates | awk '{print $1}'); do
    "$bin" new --template "$t" -o "$work/$t.netdraft.toml" >/dev/null
    designs+=("$work/$t.netdraft.toml")
done
for f in app/export/tests/fixtures/*.netdraft.toml; do
    name=$(basename "$f" .netdraft.toml)
    cp "$f" "$work/fixture-$name.netdraft.toml"
    designs+=("$work/fixture-$name.netdraft.toml")
done
# Generated estates: the seed varies network models, so several shapes are covered.
gen() {
    local name=$1
    shift
    "$bin" generate "$@" -o "$work/$name.netdraft.toml" >/dev/null
    designs+=("$work/$name.netdraft.toml")
}
gen generated-small --hubs 1 --spokes-per-hub 3 --clusters 2
gen generated-seed1 --hubs 2 --spokes-per-hub 4 --clusters 4 --seed 1
gen generated-seed2 --hubs 1 --spokes-per-hub 6 --clusters 6 --seed 2
gen generated-seed3 --hubs 2 --spokes-per-hub 3 --clusters 5 --seed 3

for d in "${designs[@]}"; do
    name=$(basename "$d" .netdraft.toml)
    "$bin" export "$d" --format terraform --azurerm 5 -o "$work/azurerm5/$name/terraform" >/dev/null
    "$bin" export "$d" --format terraform --azurerm 4 -o "$work/azurerm4/$name/terraform" >/dev/null
    for f in bicep helm k8s; do
        "$bin" export "$d" --format "$f" -o "$work/other/$name/$f" >/dev/null
    done
done
echo "exported ${#designs[@]} designs: ${designs[*]##*/}"

failed=0
# One run per design: the kit's cross-document rules (a Gateway's solver, listeners and
# ApplicationLoadBalancer) index the manifests of one run, and designs share names.
echo "== Bicep, Helm values and manifests, per design"
for d in "$work"/other/*/; do
    name=$(basename "$d")
    if ! "$kit/check-exports.sh" "$d" -v >"$work/check-$name.txt" 2>&1; then
        failed=1
        grep -v '^note:' "$work/check-$name.txt" || true
    fi
    # A stale API version is a note in the kit; netdraft promises the newest GA version.
    if grep -F '[api-version]' "$work/check-$name.txt"; then
        echo "FAIL: $name: a Bicep resource uses an API version older than the newest GA one" >&2
        failed=1
    fi
    grep '^check-exports:' "$work/check-$name.txt" | sed "s|^|$name: |"
done
echo "== azurerm 5.2.0"
"$kit/check-exports.sh" "$work/azurerm5" --azurerm 5.2.0 || failed=1
echo "== azurerm 4.81.0"
"$kit/check-exports.sh" "$work/azurerm4" --azurerm 4.81.0 || failed=1
exit "$failed"
