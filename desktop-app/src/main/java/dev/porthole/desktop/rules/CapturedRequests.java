package dev.porthole.desktop.rules;

import dev.porthole.desktop.log.LogEntry;

import java.util.ArrayList;
import java.util.List;

/** A tunnel's requests from the log, for the live check to pick from. */
@FunctionalInterface
public interface CapturedRequests {
    /** How many of the newest requests the live check offers. */
    int SHOWN = 50;

    CapturedRequests NONE = key -> List.of();

    /** The newest {@value #SHOWN} requests that came through the tunnel with this key (replays aside), newest first. */
    List<LogEntry> of(String tunnelKey);

    /** From the log's entries (oldest first), read on the UI thread when a dialog opens. */
    static CapturedRequests inLog(List<LogEntry> entries) {
        return key -> {
            List<LogEntry> out = new ArrayList<>();
            for (int i = entries.size() - 1; i >= 0 && out.size() < SHOWN; i--) {
                LogEntry e = entries.get(i);
                if (!e.isReplay() && key.equals(e.tunnelKey())) {
                    out.add(e);
                }
            }
            return out;
        };
    }
}
