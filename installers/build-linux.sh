#!/usr/bin/env bash
# Builds Porthole's Linux packages into installers/target/:
#   Porthole/                     the app image: runs in place (installers/target/Porthole/bin/Porthole), no install
#   porthole_<version>_amd64.deb  Debian, Ubuntu: sudo apt-get install ./installers/target/porthole_<version>_amd64.deb
#   porthole-<version>-1.x86_64.rpm  Fedora, RHEL, openSUSE: sudo dnf install ./installers/target/porthole-*.rpm
# Each carries its own Java runtime (jlink'd, only the modules the app needs, JavaFX included), so nothing else has
# to be installed besides what the package lists (GTK 3 and the X11/sound libraries the runtime links against).
#
# Usage: installers/build-linux.sh [app-image] [deb] [rpm]
#   With no argument: the app image, the .deb, and the .rpm when rpmbuild is there (it says so when it is not).
#   Naming rpm installs rpmbuild (Debian's `rpm` package) when it is missing and this runs as root.
# Needs JDK 25 (found the way ./mvnw finds it); fakeroot and dpkg-deb for the .deb.
# The tests are not run here (./mvnw -B verify runs them); installers/smoke-test-linux.sh tests the installed .deb.
set -euo pipefail
cd "$(dirname "$0")/.."

set -f
. .mvn/select-jdk.sh
set +f
JPACKAGE="${JAVA_HOME:+$JAVA_HOME/bin/}jpackage"

# the app image is always made: the packages are made from it
want_deb=false want_rpm=false rpm_if_available=false
if [ $# -eq 0 ]; then
  want_deb=true want_rpm=true rpm_if_available=true
fi
for type in "$@"; do
  case "$type" in
    app-image) ;;
    deb) want_deb=true ;;
    rpm) want_rpm=true ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-linux.sh: unknown package type '$type' (app-image, deb or rpm)" >&2; exit 2 ;;
  esac
done

# A tool the packages need: there, or installed from Debian's packages when running as root, or a clear stop.
need() { # need TOOL DEBIAN-PACKAGE WHAT-FOR
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "build-linux.sh: installing $2 (for $1, to build $3)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null; }
    command -v "$1" >/dev/null 2>&1 && return 0
  fi
  echo "build-linux.sh: $3 needs $1: install it (Debian/Ubuntu: sudo apt-get install $2) and run this again" >&2
  exit 1
}

if $want_rpm && $rpm_if_available && ! command -v rpmbuild >/dev/null 2>&1; then
  echo "build-linux.sh: skipping the .rpm: rpmbuild is not installed (Debian/Ubuntu: apt-get install rpm," \
       "or run installers/build-linux.sh rpm as root to have it installed)"
  want_rpm=false
fi
if $want_deb; then need fakeroot fakeroot "the .deb"; need dpkg-deb dpkg "the .deb"; fi
if $want_rpm; then need rpmbuild rpm "the .rpm"; fi

# dpkg-deb's xz uses one thread unless told otherwise: the .deb compresses in half the time on two cores
export DPKG_DEB_THREADS_MAX="${DPKG_DEB_THREADS_MAX:-$(nproc)}"

target=installers/target
stage=$target/jpackage
started=$SECONDS
built=()
step() { echo "build-linux.sh: $1"; step_started=$SECONDS; }
took() { echo "build-linux.sh:   done in $((SECONDS - step_started)) s"; }

step "staging the app's jars and linking its runtime (./mvnw -Pinstallers -pl installers -am package)"
rm -rf "$stage" # copy-dependencies never removes a jar the app no longer uses
./mvnw -B -q -Pinstallers -pl installers -am package -DskipTests
took

# jpackage runs in the staging directory: the option files name everything relative to it.
jpackage() { (cd "$stage" && "$JPACKAGE" "$@"); }

# Every package is made from the app image, so the runtime is linked once.
step "app image -> $target/Porthole"
rm -rf "$target/Porthole"
jpackage --type app-image @common.args @app-image.args @linux/app-image.args --dest ..
took

if $want_deb; then
  step "deb -> $target/"
  rm -f "$target"/porthole_*.deb
  jpackage --type deb @common.args --app-image ../Porthole @linux/package.args @linux/deb.args --dest ..
  deb=$(ls "$target"/porthole_*.deb)
  built+=("$deb")
  # jpackage reads the Depends line off the libraries in the runtime; JavaFX cannot start without GTK 3
  if ! dpkg-deb -f "$deb" Depends | tr ',' '\n' | grep -qx ' *libgtk-3-0 *'; then
    echo "build-linux.sh: $deb does not depend on libgtk-3-0, which JavaFX needs: add it with --linux-package-deps" \
         "in installers/src/jpackage/linux/deb.args" >&2
    exit 1
  fi
  took
fi

if $want_rpm; then
  step "rpm -> $target/"
  rm -f "$target"/porthole-*.rpm
  jpackage --type rpm @common.args --app-image ../Porthole @linux/package.args @linux/rpm.args --dest ..
  built+=("$(ls "$target"/porthole-*.rpm)")
  took
fi

echo "build-linux.sh: built in $((SECONDS - started)) s:"
echo "  $(du -sh "$target/Porthole" | cut -f1)	$target/Porthole/ (the app image: start it with $target/Porthole/bin/Porthole)"
for package in ${built[@]+"${built[@]}"}; do
  echo "  $(du -h "$package" | cut -f1)	$package"
done
