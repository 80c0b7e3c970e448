#!/bin/bash
# lavavu's image tests. They run on lavavu and on every image built from it (base, underworld2).
source /tmp/image-tests-lib.sh
check_build_left_nothing_in_tmp
if [ "$MODE" = default ]; then
    check "runs as jovyan, uid 1000" test "$(id -un):$(id -u)" = jovyan:1000
    check "HOME is writable" touch "$HOME/.image-test"
    check "the workspace is writable" touch /home/jovyan/workspace/.image-test
    check "pip install --user works" bash -c '
        mkdir -p /tmp/pkg/hello && touch /tmp/pkg/hello/__init__.py &&
        printf "[project]\nname = \"hello\"\nversion = \"1.0\"\n" > /tmp/pkg/pyproject.toml &&
        pip install --quiet --user --no-index --no-deps --no-build-isolation /tmp/pkg &&
        python -c "import hello, site, sys; assert hello.__file__.startswith(site.USER_SITE), hello.__file__"'
    check "JupyterLab starts and answers HTTP on a loopback port" python -c '
import subprocess, time, urllib.request
server = subprocess.Popen(["jupyter-lab", "--no-browser", "--ip=127.0.0.1", "--port=8899", "--ServerApp.token="],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    for _ in range(180):
        try:
            assert b"version" in urllib.request.urlopen("http://127.0.0.1:8899/api", timeout=2).read()
            break
        except OSError:
            time.sleep(1)
    else:
        raise SystemExit("JupyterLab did not answer within 180 s")
finally:
    server.terminate()'
else
    # Another uid, as when a host directory is bind-mounted by a user who is not 1000.
    check "another uid runs Python and writes to /tmp" python -c 'open("/tmp/other-user", "w").write("ok")'
fi
check "runs as $EXPECT_ARCH" test "$(uname -m)" = "$EXPECT_ARCH"
check "lavavu $EXPECT_LAVAVU imports" python -c "import lavavu, importlib.metadata as m; assert m.version('lavavu') == '$EXPECT_LAVAVU', m.version('lavavu')"
check "lavavu renders offscreen to a non-empty PNG" python -c '
import glob, os, lavavu
lv = lavavu.Viewer(quality=1, resolution=(200, 150))
lv.points(vertices=[[0, 0, 0], [1, 1, 1], [0, 1, 0]], pointsize=10)
lv.image("/tmp/render.png")
pngs = glob.glob("/tmp/render*.png")
assert pngs and os.path.getsize(pngs[0]) > 0, pngs'
check "no compiler, wget or curl" bash -c '! command -v gcc && ! command -v cc && ! command -v g++ && ! command -v wget && ! command -v curl'
check_binaries "$(site_packages)/lavavu"
check_no_other_machine_files
check_locked_wheels_installed
check_extension_modules /opt/venv
# A venv copied over another keeps what pip replaced there: two versions' metadata of one package (the
# images before the python-wheels stage had setuptools 66.1.1's beside 80.9.0's, and reported 66.1.1).
check "every Python distribution in the venv is installed once" python -c '
import collections, importlib.metadata as m, re, sys
venv = [p for p in sys.path if p.startswith(sys.prefix)]
names = collections.Counter(re.sub(r"[-_.]+", "-", d.metadata["Name"]).lower() for d in m.distributions(path=venv))
twice = sorted(name for name, count in names.items() if count > 1)
assert not twice, f"installed more than once in {sys.prefix}: {twice}"'
# The build machine's pip byte-compiled the wheels: on import, Python must find that bytecode current (not
# stale, not missing), or every container would compile it again.
check "the venv's bytecode is current" bash -c '
    stale=$(python -v -c "import numpy, matplotlib, jupyterlab, lavavu" 2>&1 | grep -E "bytecode is stale|code object from .?/opt/venv/[^ ]*\.py.?$" | head -5)
    [ -z "$stale" ] || { echo "$stale"; exit 1; }'
finish
