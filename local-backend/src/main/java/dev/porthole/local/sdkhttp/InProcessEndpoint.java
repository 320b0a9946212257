package dev.porthole.local.sdkhttp;

import dev.porthole.local.iam.sigv4.SignedRequest;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A service the emulator runs itself and can answer without a socket: given the request exactly as the SDK would
 * have sent it, it answers as it would over HTTP — the same checks, the same status, headers and body.
 */
public interface InProcessEndpoint {

    /**
     * What an HTTP answer would have carried.
     *
     * @param headers by name, as the response would have them
     */
    record Answer(int status, Map<String, List<String>> headers, byte[] body) {
        public Answer {
            headers = Map.copyOf(headers);
        }
    }

    /**
     * @param request method, raw path and query, every header and the whole body
     * @return empty when this path is not served in process (the call then goes over HTTP)
     */
    Optional<Answer> answer(SignedRequest request);
}
