#!/usr/bin/env bash
# Builds Porthole's macOS disk image into installers/target/: Porthole-<version>.dmg (Porthole.app, to drag into
# Applications), and the app itself, installers/target/Porthole.app. Run it on a Mac: jpackage only makes macOS
# packages on macOS. Not run in CI (which is Linux); the options are the ones build-linux.sh uses, from the same
# files in installers/src/jpackage (common.args, app-image.args), plus mac/app-image.args.
#
# Usage: installers/build-macos.sh
# Needs JDK 25 (found the way ./mvnw finds it, e.g. /Library/Java/JavaVirtualMachines/temurin-25.jdk) and the Xcode
# command line tools (xcode-select --install). The app is built for the Mac it is built on (Apple silicon or Intel).
#
# macOS wants the app's version to start with 1 or more, so a 0.x.y version is packaged as 1.x.y; set
# PORTHOLE_MAC_VERSION to choose another. The app is not signed: Finder asks to confirm the first start
# (right-click > Open). To sign it, set PORTHOLE_MAC_SIGNING_IDENTITY to your "Developer ID Application: ..."
# certificate's name (then notarize the .dmg with xcrun notarytool before handing it out).
set -euo pipefail
cd "$(dirname "$0")/.."

set -f
. .mvn/select-jdk.sh
set +f
JPACKAGE="${JAVA_HOME:+$JAVA_HOME/bin/}jpackage"

target=installers/target
stage=$target/jpackage
started=$SECONDS

echo "build-macos.sh: staging the app's jars and linking its runtime (./mvnw -Pinstallers -pl installers -am package)"
rm -rf "$stage"
./mvnw -B -q -Pinstallers -pl installers -am package -DskipTests

version=$(sed -n 's/^--app-version //p' "$stage/common.args")
mac_version=${PORTHOLE_MAC_VERSION:-$version}
case "$mac_version" in
  0.*) mac_version="1.${mac_version#0.}"
       echo "build-macos.sh: macOS needs a version from 1 on: packaging $version as $mac_version" ;;
esac
signing=()
if [ -n "${PORTHOLE_MAC_SIGNING_IDENTITY-}" ]; then
  signing=(--mac-sign --mac-signing-key-user-name "$PORTHOLE_MAC_SIGNING_IDENTITY")
fi

jpackage() { (cd "$stage" && "$JPACKAGE" "$@"); }

echo "build-macos.sh: app -> $target/Porthole.app"
rm -rf "$target/Porthole.app"
jpackage --type app-image @common.args @app-image.args @mac/app-image.args --app-version "$mac_version" \
  ${signing[@]+"${signing[@]}"} --dest ..

echo "build-macos.sh: dmg -> $target/"
rm -f "$target"/Porthole-*.dmg
jpackage --type dmg @common.args --app-image ../Porthole.app --app-version "$mac_version" ${signing[@]+"${signing[@]}"} --dest ..

echo "build-macos.sh: built in $((SECONDS - started)) s:"
du -sh "$target/Porthole.app" "$target"/Porthole-*.dmg
