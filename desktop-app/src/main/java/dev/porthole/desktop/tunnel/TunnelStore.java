package dev.porthole.desktop.tunnel;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.porthole.desktop.platform.JsonFile;

import java.nio.file.Path;
import java.util.List;

/** The tunnels in {@code tunnels.json}, in the order the person sees them. */
public final class TunnelStore {
    record Document(@JsonProperty("version") int version, @JsonProperty("tunnels") List<TunnelConfig> tunnels) {
        Document {
            tunnels = tunnels == null ? List.of() : List.copyOf(tunnels);
        }
    }

    private final JsonFile<Document> file;

    public TunnelStore(Path configDir) {
        this.file = new JsonFile<>(configDir.resolve("tunnels.json"), Document.class);
    }

    public List<TunnelConfig> load() {
        return file.read(() -> new Document(1, List.of())).tunnels();
    }

    public void save(List<TunnelConfig> tunnels) {
        file.write(new Document(1, tunnels));
    }

    /** Why the saved tunnels could not be read at start, or null. */
    public String problem() {
        return file.problem();
    }
}
