# Sourced by ./mvnw before anything else: Porthole builds with JDK 25 or newer, but many machines
# default to an older java. Keep JAVA_HOME if it already points at 25+, otherwise look in the usual
# install locations and use the newest JDK >= 25 found there.
porthole_java_feature() {
  # prints the feature version (17, 21, 25...) of the java binary given, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

porthole_select_jdk() {
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    v=$(porthole_java_feature "$JAVA_HOME/bin/java")
    [ -n "$v" ] && [ "$v" -ge 25 ] && return 0
  elif command -v java >/dev/null 2>&1; then
    v=$(porthole_java_feature java)
    [ -n "$v" ] && [ "$v" -ge 25 ] && return 0
  fi
  best=""; best_v=0
  set +f
  for home in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
              /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    v=$(porthole_java_feature "$home/bin/java")
    if [ -n "$v" ] && [ "$v" -ge 25 ] && [ "$v" -gt "$best_v" ]; then best="$home"; best_v="$v"; fi
  done
  set -f
  if [ -n "$best" ]; then
    JAVA_HOME="$best"; export JAVA_HOME
  else
    echo "Porthole needs JDK 25 or newer to build. Install one (for example Temurin 25) or set JAVA_HOME to it." >&2
    exit 1
  fi
}

porthole_select_jdk
