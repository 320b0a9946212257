package dev.porthole.agent.bench;

import dev.porthole.agent.testing.Bytes;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The origin every system under test forwards to: the Debian nginx with one worker, serving a 12-byte JSON file
 * ({@code /small.json}), a 1 MiB binary file ({@code /1m.bin}) and echoing a POSTed body ({@code /echo}, through
 * the echo module that nginx-light brings) for the 5 MiB round trip.
 */
final class NginxOrigin implements AutoCloseable {
    static final String SMALL = "small.json";
    static final String ONE_MB = "1m.bin";
    static final String ECHO = "echo";
    static final byte[] SMALL_BODY = "{\"ok\":true}\n".getBytes(StandardCharsets.US_ASCII);
    private static final String ECHO_MODULE = "/usr/lib/nginx/modules/ngx_http_echo_module.so";

    private final Process master;
    private final int port;
    private final byte[] oneMegabyte;
    private final Path fiveMegabytes;

    private NginxOrigin(Process master, int port, byte[] oneMegabyte, Path fiveMegabytes) {
        this.master = master;
        this.port = port;
        this.oneMegabyte = oneMegabyte;
        this.fiveMegabytes = fiveMegabytes;
    }

    static NginxOrigin start(Path workDir) throws IOException, InterruptedException {
        Path nginx = Path.of("/usr/sbin/nginx");
        if (!Files.isExecutable(nginx) || !Files.exists(Path.of(ECHO_MODULE))) {
            throw new IllegalStateException("nginx with its echo module is not installed: run benchmarks/run.sh "
                + "(it installs nginx-light and wrk), or apt-get install nginx-light");
        }
        Path prefix = Files.createDirectories(workDir.resolve("nginx"));
        Path html = Files.createDirectories(prefix.resolve("html"));
        Files.write(html.resolve(SMALL), SMALL_BODY);
        byte[] oneMegabyte = Bytes.random(1024 * 1024, 1);
        Files.write(html.resolve(ONE_MB), oneMegabyte);
        Path fiveMegabytes = Files.write(prefix.resolve("5m.bin"), Bytes.random(5 * 1024 * 1024, 5));
        int port = freePort();
        Files.writeString(prefix.resolve("nginx.conf"), """
            load_module %1$s;
            worker_processes 1;
            daemon off;
            pid %2$s/nginx.pid;
            error_log stderr warn;
            events { worker_connections 4096; }
            http {
              access_log off;
              default_type application/octet-stream;
              client_body_temp_path %2$s/client_body;
              proxy_temp_path %2$s/proxy;
              fastcgi_temp_path %2$s/fastcgi;
              uwsgi_temp_path %2$s/uwsgi;
              scgi_temp_path %2$s/scgi;
              keepalive_requests 1000000;
              server {
                listen 127.0.0.1:%3$d;
                root %2$s/html;
                location = /%4$s { default_type application/json; }
                location = /%5$s {
                  client_max_body_size 8m;
                  client_body_buffer_size 8m;
                  echo_read_request_body;
                  echo_request_body;
                }
              }
            }
            """.formatted(ECHO_MODULE, prefix, port, SMALL, ECHO));
        // nginx's worker runs as another user when started by root: it must be able to read what it serves
        for (Path p : new Path[]{workDir, prefix, html}) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (Path p : new Path[]{html.resolve(SMALL), html.resolve(ONE_MB)}) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
        Process master = new ProcessBuilder(nginx.toString(), "-p", prefix.toString(), "-c", prefix.resolve("nginx.conf").toString(), "-e", "stderr")
            .redirectErrorStream(true).redirectOutput(prefix.resolve("nginx.log").toFile()).start();
        NginxOrigin origin = new NginxOrigin(master, port, oneMegabyte, fiveMegabytes);
        origin.awaitReady(prefix);
        return origin;
    }

    private void awaitReady(Path prefix) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < giveUpAt) {
            if (!master.isAlive()) {
                throw new IOException("nginx ended at once: " + Files.readString(prefix.resolve("nginx.log")));
            }
            try {
                HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(url().resolve(SMALL)).timeout(Duration.ofSeconds(1)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IOException("nginx did not answer within 10 s: " + Files.readString(prefix.resolve("nginx.log")));
    }

    private static int freePort() throws IOException {
        String fixed = System.getenv("BENCH_NGINX_PORT");
        if (fixed != null && !fixed.isBlank()) {
            return Integer.parseInt(fixed.trim());
        }
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    long pid() {
        return master.pid();
    }

    byte[] oneMegabyte() {
        return oneMegabyte;
    }

    /** The 5 MiB body the round trip POSTs (a file, so wrk's script can read it). */
    Path fiveMegabytes() {
        return fiveMegabytes;
    }

    String version() {
        try {
            Process p = new ProcessBuilder("/usr/sbin/nginx", "-v").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return v.replaceFirst("^nginx version: ", "");
        } catch (IOException | InterruptedException e) {
            return "nginx";
        }
    }

    @Override
    public void close() throws InterruptedException {
        master.destroy(); // SIGTERM: nginx's fast shutdown, workers included
        if (!master.waitFor(5, TimeUnit.SECONDS)) {
            master.descendants().forEach(ProcessHandle::destroyForcibly);
            master.destroyForcibly();
        }
    }
}
