package dev.porthole.local.wiring;

import java.util.Objects;
import java.util.Optional;

/**
 * One WebSocket route as the template defines it.
 *
 * @param iamAuthorized its {@code AuthorizationType} is {@code AWS_IAM} (only meaningful on {@code $connect})
 * @param twoWay        it has a route response ({@code RouteResponseSelectionExpression} and a RouteResponse), so
 *                      what its integration answers is sent back to the client
 */
public record RouteWiring(String routeKey, boolean iamAuthorized, Integration integration, boolean twoWay) {
    public RouteWiring {
        Objects.requireNonNull(routeKey, "routeKey");
        Objects.requireNonNull(integration, "integration");
    }

    /** What a route invokes. */
    public sealed interface Integration {
        /** {@code AWS_PROXY} to the function. */
        record Lambda() implements Integration {
        }

        /**
         * {@code MOCK}: API Gateway answers itself. The request template yields the status code (which selects the
         * integration response); the response template, if any, is the message sent back on a two-way route.
         */
        record Mock(String requestTemplate, Optional<String> responseTemplate) implements Integration {
        }
    }
}
