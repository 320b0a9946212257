#!/usr/bin/env bash
# The .deb end to end, as a user gets it (CI runs this after ./mvnw -B verify):
#  1. build it (installers/build-linux.sh deb), unless --no-build is given and one is there already;
#  2. install it with apt-get, which also installs what it depends on (GTK 3 among them);
#  3. start the installed app under a virtual display with --smoke-test: the main window opens, the embedded
#     backend starts and answers its health check, a screenshot is saved, exit 0;
#  4. send a real request through a tunnel with the installed command-line tools, which run on the same runtime
#     and jars as the app: porthole-local (the backend, on the trimmed DynamoDB Local), porthole-agent in front of
#     a local web server, a request to the public URL that must come back with the file's content, then the agent
#     stops and the URL must answer 503 tunnel-offline (its disconnect went through the database too);
#  5. deploy the backend with the installed porthole-deploy to the deployer's local stand-in for CloudFormation and
#     S3 (its test fixture, the only fake: AWS itself cannot run here): it must find the Lambda jar and the template
#     inside the package and need nothing but that loopback server; the uploaded jar must be the one the build made;
#  6. purge the package and check that nothing of it is left (nothing new in /opt, no menu entry).
# Needs root, Xvfb (apt-get install xvfb xauth) and curl. Leaves the screenshot and the logs in
# installers/target/smoke-test/.
set -euo pipefail
cd "$(dirname "$0")/.."

build=true
case "${1-}" in
  --no-build) build=false ;;
  "") ;;
  *) echo "Usage: installers/smoke-test-linux.sh [--no-build]" >&2; exit 2 ;;
esac

fail() { echo "smoke-test-linux.sh: FAILED: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "installing a package needs root (run it with sudo)"
for tool in xvfb-run Xvfb xauth curl; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is missing: apt-get install -y xvfb xauth curl"
done

set -f
. .mvn/select-jdk.sh
set +f
JWEBSERVER="${JAVA_HOME:+$JAVA_HOME/bin/}jwebserver" # the JDK's own small web server: the local service to expose
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"               # the build's JDK, for the local AWS stand-in

work=$PWD/installers/target/smoke-test
rm -rf "$work"
mkdir -p "$work/home" "$work/www"
started=$SECONDS
step() { echo "smoke-test-linux.sh: $1"; }

if $build || ! ls installers/target/porthole_*.deb >/dev/null 2>&1; then
  installers/build-linux.sh deb
fi
deb=$(ls "$PWD"/installers/target/porthole_*.deb)

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if dpkg -s porthole >/dev/null 2>&1; then
    echo "smoke-test-linux.sh: removing the package after a failure"
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -q porthole >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

if dpkg -s porthole >/dev/null 2>&1; then
  step "porthole is installed already: purging it first"
  DEBIAN_FRONTEND=noninteractive apt-get purge -y -q porthole >/dev/null
fi
opt_before=$(ls -A /opt)

step "installing $(basename "$deb") ($(du -h "$deb" | cut -f1))"
t=$SECONDS
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb" > "$work/apt-install.log" 2>&1 \
  || { tail -20 "$work/apt-install.log"; fail "apt-get install $deb"; }
echo "  installed in $((SECONDS - t)) s; $(du -sh /opt/porthole | cut -f1) in /opt/porthole"
[ -x /opt/porthole/bin/Porthole ] || fail "the package has no /opt/porthole/bin/Porthole"
if [ -d /usr/share/applications ]; then
  [ -f /usr/share/applications/porthole.desktop ] || fail "no menu entry in /usr/share/applications"
  if command -v desktop-file-validate >/dev/null 2>&1; then
    desktop-file-validate /usr/share/applications/porthole.desktop || fail "the menu entry is not valid"
  fi
fi

step "starting the installed app under Xvfb with --smoke-test"
t=$SECONDS
shot=$work/porthole.png
# a home of its own, to see what the app writes there; --config-dir keeps its settings in the work directory too
if ! HOME=$work/home timeout 180 xvfb-run -a -s "-screen 0 1280x800x24" \
     /opt/porthole/bin/Porthole --config-dir "$work/config" --smoke-test "$shot" > "$work/app.log" 2>&1; then
  cat "$work/app.log"
  fail "the installed app's smoke test did not pass"
fi
cat "$work/app.log"
grep -q '^Smoke test passed' "$work/app.log" || fail "the app did not say its smoke test passed"
[ "$(head -c 8 "$shot" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$shot is not a PNG"
[ "$(stat -c %s "$shot")" -gt 10000 ] || fail "$shot is suspiciously small"
# JavaFX's native libraries are in the runtime, so it has nothing to unpack into the user's home
[ ! -e "$work/home/.openjfx" ] || fail "JavaFX unpacked its native libraries into the home directory"
echo "  passed in $((SECONDS - t)) s; screenshot $shot"

step "a request through a tunnel: porthole-local, porthole-agent, a local web server"
t=$SECONDS
wait_for() { # wait_for FILE PATTERN SECONDS WHAT
  local deadline=$((SECONDS + $3))
  until grep -q "$2" "$1" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || { cat "$1"; fail "no $4 after $3 s"; }
    sleep 0.2
  done
}
PORTHOLE_TOKEN=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
export PORTHOLE_TOKEN
marker="porthole smoke test $(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
echo "$marker" > "$work/www/hello.txt"

HOME=$work/home /opt/porthole/bin/porthole-local --port 0 --in-memory > "$work/local.log" 2>&1 &
pids+=($!)
wait_for "$work/local.log" '^websocket=' 90 "ready line from porthole-local"
websocket=$(sed -n 's/^websocket=\([^ ]*\) .*/\1/p' "$work/local.log")

"$JWEBSERVER" -b 127.0.0.1 -p 0 -d "$work/www" > "$work/web.log" 2>&1 &
pids+=($!)
wait_for "$work/web.log" ' port [0-9]' 30 "port from jwebserver"
web_port=$(sed -n 's/.* port \([0-9]*\).*/\1/p' "$work/web.log" | head -n 1)

HOME=$work/home /opt/porthole/bin/porthole-agent http "$web_port" --host 127.0.0.1 --backend "$websocket" \
  --tunnel-id smoke-test > "$work/agent.log" 2>&1 &
agent=$!
pids+=($agent)
wait_for "$work/agent.log" '^Forwarding ' 60 "public URL from porthole-agent"
public=$(sed -n 's/^Forwarding \([^ ]*\) .*/\1/p' "$work/agent.log")

answer=$(curl -sS --max-time 30 "${public}hello.txt") || fail "GET ${public}hello.txt"
[ "$answer" = "$marker" ] || fail "GET ${public}hello.txt answered '$answer', not the file's content"
echo "  GET ${public}hello.txt -> the file's content"

kill "$agent"
deadline=$((SECONDS + 30))
until curl -s --max-time 10 -D "$work/offline.headers" -o /dev/null "${public}hello.txt" \
      && grep -qi '^X-Porthole-Error: tunnel-offline' "$work/offline.headers"; do
  [ $SECONDS -lt $deadline ] || { cat "$work/offline.headers"; fail "the tunnel still answers 30 s after its agent stopped"; }
  sleep 0.5
done
echo "  agent stopped -> $(head -n 1 "$work/offline.headers" | tr -d '\r'), tunnel-offline"
if grep -E 'NoClassDefFoundError|ClassNotFoundException|NoSuchMethodError' "$work"/local.log "$work"/agent.log "$work"/app.log; then
  fail "a class is missing from the package (see above)"
fi
echo "  passed in $((SECONDS - t)) s"
for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
wait 2>/dev/null || true
pids=()

step "deploying with the installed porthole-deploy to a local stand-in for AWS"
t=$SECONDS
fixture=deployer/target/test-classes
if [ ! -f "$fixture/dev/porthole/deploy/testing/FakeAws.class" ]; then
  ./mvnw -B -q -pl deployer -am test-compile
fi
"$JAVA" -cp "$fixture:/opt/porthole/lib/app/*" installers/src/smoke/FakeAwsServer.java "$work/s3" > "$work/aws.log" 2>&1 &
aws=$!
pids+=($aws)
wait_for "$work/aws.log" '^endpoint=' 60 "endpoint from the local AWS stand-in"
endpoint=$(sed -n 's/^endpoint=//p' "$work/aws.log")
# from the work directory, so the deployer cannot fall back to lambda-backend/target/porthole-lambda.jar
if ! (cd "$work" && HOME=$work/home AWS_ACCESS_KEY_ID=AKIASMOKETEST AWS_SECRET_ACCESS_KEY=smoke-test-secret       /opt/porthole/bin/porthole-deploy deploy --region us-east-1 --endpoint-url "$endpoint"         --config-dir "$work/deploy-config" --poll-millis 50) > "$work/deploy.log" 2>&1; then
  cat "$work/deploy.log"
  fail "porthole-deploy deploy did not succeed"
fi
grep -q '\[100%\] Backend ready' "$work/deploy.log" || { cat "$work/deploy.log"; fail "the deployment did not finish"; }
kill "$aws"
wait "$aws" 2>/dev/null || true
uploaded=$(find "$work/s3" -type f -name '*.jar' | head -n 1)
[ -n "$uploaded" ] || fail "nothing was uploaded to S3"
cmp -s "$uploaded" lambda-backend/target/porthole-lambda.jar \
  || fail "the uploaded Lambda jar is not lambda-backend/target/porthole-lambda.jar"
echo "  deployed: the bundled Lambda jar ($(du -h "$uploaded" | cut -f1)) uploaded, the stack created; in $((SECONDS - t)) s"

step "purging the package"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -q porthole > "$work/apt-purge.log" 2>&1 \
  || { tail -20 "$work/apt-purge.log"; fail "apt-get purge porthole"; }
! dpkg -s porthole >/dev/null 2>&1 || fail "dpkg still knows porthole after the purge"
[ ! -e /opt/porthole ] || fail "/opt/porthole is still there after the purge"
[ "$(ls -A /opt)" = "$opt_before" ] || fail "/opt is not as it was before the install: $(ls -A /opt)"
[ ! -e /usr/share/applications/porthole.desktop ] || fail "the menu entry is still there after the purge"

echo "smoke-test-linux.sh: passed in $((SECONDS - started)) s (screenshot: $shot)"
# install, app, tunnel, deployment, purge
echo "smoke-test: 5 passed, 0 failed"
