package dev.porthole.agent.forward;

import dev.porthole.protocol.HttpHeaders;

import java.time.Instant;

/**
 * What goes back to the caller: the local service's answer, or the page the agent wrote instead.
 *
 * @param error         null when the local service answered; otherwise why it did not, in plain words
 * @param sentToLocal   when the agent began sending the request to the local service (or gave up before that)
 * @param localAnswered when the local service's whole response had been read; null when it did not answer
 */
public record LocalResponse(int status, HttpHeaders headers, byte[] body, String error, Instant sentToLocal,
                            Instant localAnswered) {

    public boolean fromLocalService() {
        return error == null;
    }
}
