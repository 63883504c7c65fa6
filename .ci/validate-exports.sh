#!/usr/bin/env bash
# Parses every golden export with the real tools of its ecosystem:
#   .tf / .tfvars.example  HashiCorp's HCL parser (npm @cdktf/hcl2json)
#   .bicep                  pycep-parser
#   k8s/*.yaml              kubernetes-validate --strict (core kinds; CRDs only warn)
#   helm/*/values-*.yaml    JSON Schemas in app/export/tests/helm-schemas/ (jsonschema)
#   terraform, bicep, k8s   Checkov security policy, in its own venv; every failed check
#                           must be listed with its reason in .ci/checkov-accepted.txt
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
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pycep-parser==0.7.1 kubernetes-validate==1.33.1 jsonschema==4.26.0
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

echo "== Helm values against the JSON Schemas of the keys netdraft emits (jsonschema 4.26.0)"
"$work/venv/bin/python" - "$golden" app/export/tests/helm-schemas <<'PY' || failed=1
import json, sys
from pathlib import Path
import yaml
from jsonschema import Draft202012Validator, FormatChecker
golden, schemas = Path(sys.argv[1]), Path(sys.argv[2])
bad = n = 0
seen = set()
for f in sorted(golden.glob("*/helm/*/values-*.yaml")):
    n += 1
    schema_file = schemas / (f.name[: -len(".yaml")] + ".schema.json")
    if not schema_file.is_file():
        bad += 1
        print(f"FAIL {f}: no schema {schema_file.name}", file=sys.stderr)
        continue
    seen.add(schema_file.name)
    validator = Draft202012Validator(json.loads(schema_file.read_text()), format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(yaml.safe_load(f.read_text())), key=lambda e: list(e.path))
    for e in errors:
        print(f"FAIL {f}: {'/'.join(map(str, e.path)) or '(root)'}: {e.message}", file=sys.stderr)
    bad += bool(errors)
unused = sorted(p.name for p in schemas.glob("*.schema.json") if p.name not in seen)
if unused:
    bad += 1
    print(f"FAIL schemas no golden values file exercises: {', '.join(unused)}", file=sys.stderr)
print(f"{n - bad} of {n} values files validate")
sys.exit(1 if bad else 0)
PY

echo "== Checkov 3.3.30 (own venv; failed checks must be in .ci/checkov-accepted.txt)"
python3 -m venv "$work/checkov"
"$work/checkov/bin/pip" install --quiet --disable-pip-version-check checkov==3.3.30
set +e
BC_SKIP_MAPPING=TRUE CKV_SKIP_PACKAGE_UPDATE_CHECK=true CKV_PARSE_ERROR_FAIL=true \
    "$work/checkov/bin/checkov" -d "$golden" --framework terraform,bicep,kubernetes \
    --quiet --compact --skip-download -o json >"$work/checkov.json" 2>"$work/checkov.err"
checkov_rc=$?
set -e
python3 - "$work/checkov.json" .ci/checkov-accepted.txt "$checkov_rc" "$work/checkov.err" <<'PY' || failed=1
import fnmatch, json, sys
from pathlib import Path
report, accepted_file, rc, err = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
try:
    runs = json.loads(Path(report).read_text())
except ValueError:
    print(f"FAIL checkov printed no report (exit {rc}):", file=sys.stderr)
    print(Path(err).read_text()[-3000:], file=sys.stderr)
    sys.exit(1)
runs = runs if isinstance(runs, list) else [runs]
accepted = []
for line in Path(accepted_file).read_text().splitlines():
    if line.strip() and not line.lstrip().startswith("#"):
        check, glob, reason = (line.split(None, 2) + ["", ""])[:3]
        if not reason:
            print(f"FAIL {accepted_file}: `{line}` gives no reason", file=sys.stderr)
            sys.exit(1)
        accepted.append([check, glob, 0])
bad = total = parse_errors = 0
for run in runs:
    parse_errors += run.get("summary", {}).get("parsing_errors", 0)
    for f in run.get("results", {}).get("failed_checks", []):
        total += 1
        path = f["file_path"].lstrip("/")
        marker = "app/export/tests/golden/"
        path = path.split(marker, 1)[1] if marker in path else path
        hit = next((a for a in accepted if a[0] == f["check_id"] and fnmatch.fnmatch(path, a[1])), None)
        if hit:
            hit[2] += 1
        else:
            bad += 1
            print(f"FAIL {f['check_id']} {path} {f.get('resource')}: {f['check_name']}", file=sys.stderr)
for check, glob, used in accepted:
    if not used:
        print(f"note: {accepted_file}: `{check} {glob}` matches no finding any more; remove it")
if parse_errors:
    print(f"FAIL checkov could not parse {parse_errors} files", file=sys.stderr)
print(f"{total} failed checks, {total - bad} of them accepted with a reason; {bad} not accepted")
sys.exit(1 if bad or parse_errors else 0)
PY

exit "$failed"
