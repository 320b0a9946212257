package dev.porthole.desktop.backend;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.porthole.desktop.platform.JsonFile;
import dev.porthole.desktop.platform.PrivateFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The AWS backends in {@code backends.json}, and their agent tokens, each in its own owner-only file under
 * {@code secrets/} so the JSON can be shared or shown without leaking a token.
 */
public final class BackendStore {
    record Document(@JsonProperty("version") int version, @JsonProperty("aws") List<AwsBackend> aws) {
        Document {
            aws = aws == null ? List.of() : List.copyOf(aws);
        }
    }

    private final JsonFile<Document> file;
    private final Path secrets;

    public BackendStore(Path configDir) {
        this.file = new JsonFile<>(configDir.resolve("backends.json"), Document.class);
        this.secrets = configDir.resolve("secrets");
    }

    public List<AwsBackend> load() {
        return file.read(() -> new Document(1, List.of())).aws();
    }

    public void save(List<AwsBackend> backends) {
        file.write(new Document(1, backends));
    }

    public Optional<String> token(String backendId) {
        Path p = tokenFile(backendId);
        try {
            return Files.exists(p) ? Optional.of(Files.readString(p, StandardCharsets.UTF_8).strip()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the token of " + backendId, e);
        }
    }

    public void saveToken(String backendId, String token) {
        try {
            PrivateFiles.write(tokenFile(backendId), token.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the token of " + backendId, e);
        }
    }

    public void deleteToken(String backendId) {
        try {
            Files.deleteIfExists(tokenFile(backendId));
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the token of " + backendId, e);
        }
    }

    private Path tokenFile(String backendId) {
        return secrets.resolve(backendId.replaceAll("[^A-Za-z0-9._-]", "_") + ".token");
    }
}
