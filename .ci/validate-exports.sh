#!/usr/bin/env bash
# Parses every golden export with the real tools of its ecosystem:
#   .tf / .tfvars.example  HashiCorp's HCL parser (npm @cdktf/hcl2json)
#   .bicep                  pycep-parser
#   k8s/*.yaml              kubernetes-validate --strict (core kinds; CRDs only warn)
# Tools are pinned and installed into a throwaway directory. Exits non-zero
# and names the file on the first parse failure of each kind.
set -euo pipefail
cd "$(dirname "$0")/.."

golden="app/export/tests/golden"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0

echo "== HCL (@cdktf/hcl2json 0.21.0)"
npm install --silent --no-audit --no-fund --prefix "$work/npm" @cdktf/hcl2json@0.21.0 >/dev/null
cat >"$work/hcl.js" <<'JS'
const fs = require("fs");
const { parse } = require(process.argv[2] + "/node_modules/@cdktf/hcl2json");
(async () => {
  let bad = 0;
  for (const file of process.argv.slice(3)) {
    try {
      await parse(file, fs.readFileSync(file, "utf8"));
    } catch (e) {
      bad++;
      console.error(`FAIL ${file}: ${e.message || e}`);
    }
  }
  console.log(`${process.argv.length - 3 - bad} of ${process.argv.length - 3} files parse`);
  process.exit(bad ? 1 : 0);
})();
JS
mapfile -t hcl_files < <(find "$golden" -path '*/terraform/*' -type f \( -name '*.tf' -o -name '*.tfvars.example' \) | sort)
node "$work/hcl.js" "$work/npm" "${hcl_files[@]}" || failed=1

echo "== Bicep (pycep-parser 0.7.1) and Kubernetes (kubernetes-validate 1.33.1)"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pycep-parser==0.7.1 kubernetes-validate==1.33.1
mapfile -t bicep_files < <(find "$golden" -path '*/bicep/*' -type f -name '*.bicep' | sort)
if ((${#bicep_files[@]})); then
    "$work/venv/bin/python" - "${bicep_files[@]}" <<'PY' || failed=1
import sys
from pathlib import Path
from pycep import BicepParser
bad = 0
for p in sys.argv[1:]:
    try:
        BicepParser().parse(file_path=Path(p))
    except Exception as e:  # the parser raises lark errors with line and column
        bad += 1
        print(f"FAIL {p}: {e}", file=sys.stderr)
print(f"{len(sys.argv) - 1 - bad} of {len(sys.argv) - 1} files parse")
sys.exit(1 if bad else 0)
PY
fi
mapfile -t k8s_files < <(find "$golden" -path '*/k8s/*' -type f -name '*.yaml' | sort)
ok=0
for f in "${k8s_files[@]}"; do
    # One file per call: a YAML error stops kubernetes-validate's run.
    if out="$("$work/venv/bin/kubernetes-validate" --strict --quiet "$f" 2>&1)"; then
        ok=$((ok + 1))
    else
        echo "FAIL $f:" >&2
        echo "$out" >&2
        failed=1
    fi
done
echo "$ok of ${#k8s_files[@]} manifests validate"

exit "$failed"
