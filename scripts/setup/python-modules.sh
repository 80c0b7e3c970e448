# Python modules the project's Python scripts import: packaging (PEP 440 and pip freeze records, for
# scripts/stack-diff.ts and hermetic/upstream.py) and PyYAML (Pulumi.yaml, for hermetic/lock.py). Left
# alone when python3 already has them; Debian's own python3 gets Debian's packages (its pip refuses to
# install into it, PEP 668), any other python3 pip's.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/versions.sh"
step "python3 modules: packaging, PyYAML"
command -v python3 >/dev/null || fail "needs python3 (3.11 or later): install it first"
if ! python3 -c 'import packaging.version, yaml' 2>/dev/null; then
    if [ "$(command -v python3)" = /usr/bin/python3 ]; then
        apt_install python3-packaging python3-yaml
    else
        timed pip-install python3 -m pip install --quiet "packaging==$PACKAGING_VERSION" "PyYAML==$PYYAML_VERSION"
    fi
fi
note "$(python3 -c 'import packaging, yaml; print(f"packaging {packaging.__version__}, PyYAML {yaml.__version__}")')"
