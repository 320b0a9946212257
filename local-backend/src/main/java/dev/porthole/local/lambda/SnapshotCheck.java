package dev.porthole.local.lambda;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a SnapStart snapshot would freeze: threads the function's initialisation started and left running, and
 * network connections it left open. Restored environments would all resume the same threads and the same
 * connection (whose far end long forgot it), so the runtime refuses such an initialisation loudly, as it is a bug
 * that AWS only shows as strange behaviour after restores.
 *
 * <p>Threads are attributed to the function by the context class loader they inherit from its code. Connections
 * are this process's outgoing TCP connections (read from Linux's {@code /proc}; elsewhere only threads are checked)
 * to the ports being watched: the function's own services. Its connections to the gateway cannot be told from an
 * agent's, which may be connecting at the same moment, so those are not counted.
 */
final class SnapshotCheck {
    private static final Path FDS = Path.of("/proc/self/fd");
    private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)]");

    private final Set<Integer> watchedPorts;
    private final Set<Long> connectionsBefore;

    private SnapshotCheck(Set<Integer> watchedPorts) {
        this.watchedPorts = Set.copyOf(watchedPorts);
        this.connectionsBefore = outgoingConnections(this.watchedPorts);
    }

    /**
     * @param watchedPorts the remote ports whose new connections count (the function's own services, which nothing
     *                     else in this process talks to while the snapshot is taken); empty = every port
     */
    static SnapshotCheck begin(Set<Integer> watchedPorts) {
        return new SnapshotCheck(watchedPorts);
    }

    /** @return what was left behind, in words; empty when nothing was */
    List<String> leftovers(ClassLoader functionCode) {
        List<String> found = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && thread != Thread.currentThread() && thread.getContextClassLoader() == functionCode) {
                found.add("thread \"" + thread.getName() + "\"");
            }
        }
        Set<Long> now = outgoingConnections(watchedPorts);
        now.removeAll(connectionsBefore);
        if (!now.isEmpty()) {
            found.add(now.size() + " open network connection" + (now.size() == 1 ? "" : "s"));
        }
        return found;
    }

    /**
     * Inodes of this process's established TCP connections whose local port is not one it listens on, to one of
     * {@code remotePorts} (empty = to any).
     */
    static Set<Long> outgoingConnections(Set<Integer> remotePorts) {
        Set<Long> mine = socketInodes();
        if (mine.isEmpty()) {
            return new HashSet<>();
        }
        Set<Integer> listening = new HashSet<>();
        List<String[]> established = new ArrayList<>();
        for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            try {
                List<String> lines = Files.readAllLines(Path.of(table));
                for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length < 10 || !mine.contains(Long.parseLong(f[9]))) {
                        continue;
                    }
                    int localPort = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                    if (f[3].equals("0A")) {
                        listening.add(localPort);
                    } else if (f[3].equals("01")) {
                        int remotePort = Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16);
                        if (remotePorts.isEmpty() || remotePorts.contains(remotePort)) {
                            established.add(new String[]{Integer.toString(localPort), f[9]});
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux, or /proc unreadable: connections are not checked
            }
        }
        Set<Long> outgoing = new HashSet<>();
        for (String[] connection : established) {
            if (!listening.contains(Integer.parseInt(connection[0]))) {
                outgoing.add(Long.parseLong(connection[1]));
            }
        }
        return outgoing;
    }

    private static Set<Long> socketInodes() {
        Set<Long> inodes = new HashSet<>();
        if (!Files.isDirectory(FDS)) {
            return inodes;
        }
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(FDS)) {
            for (Path fd : fds) {
                try {
                    Matcher m = SOCKET.matcher(Files.readSymbolicLink(fd).toString());
                    if (m.matches()) {
                        inodes.add(Long.parseLong(m.group(1)));
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            return inodes;
        }
        return inodes;
    }
}
