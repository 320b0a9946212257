package dev.porthole.deploy.limits;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.porthole.template.Resource;
import dev.porthole.template.Template;

/**
 * The throttle of one API Gateway stage (its {@code DefaultRouteSettings}), as the template sets it.
 *
 * @param stage     the stage's logical ID in the template, e.g. {@code HttpStage}
 * @param protocol  the API's {@code ProtocolType}: {@code HTTP} or {@code WEBSOCKET}
 * @param rateLimit steady requests (HTTP) or messages (WebSocket) per second
 * @param burstLimit how many may arrive at once above the steady rate
 */
public record StageThrottle(String stage, String protocol, double rateLimit, int burstLimit) {

    /** Every throttled stage of the template, in template order. */
    public static List<StageThrottle> fromTemplate(Template template) {
        List<StageThrottle> stages = new ArrayList<>();
        for (Resource resource : template.resources().values()) {
            if (!resource.type().equals("AWS::ApiGatewayV2::Stage")) {
                continue;
            }
            Object rate = resource.property("DefaultRouteSettings.ThrottlingRateLimit");
            Object burst = resource.property("DefaultRouteSettings.ThrottlingBurstLimit");
            if (rate == null || burst == null) {
                continue;
            }
            String protocol = "";
            if (resource.property("ApiId") instanceof Map<?, ?> ref && ref.get("Ref") instanceof String api
                    && template.resources().containsKey(api)) {
                protocol = String.valueOf(template.resource(api).property("ProtocolType"));
            }
            stages.add(new StageThrottle(resource.logicalId(), protocol, Double.parseDouble(String.valueOf(rate)),
                    (int) Double.parseDouble(String.valueOf(burst))));
        }
        return List.copyOf(stages);
    }

    public boolean http() {
        return protocol.equals("HTTP");
    }

    /** One sentence for a person. */
    public String meaning() {
        String rate = AccountConcurrency.number(Math.round(rateLimit));
        String burst = AccountConcurrency.number(burstLimit);
        if (http()) {
            return "Public requests: " + rate + " per second on average, bursts of up to " + burst
                    + " (more are answered 429 Too Many Requests), over all your tunnels; this caps the bill if a URL is hammered.";
        }
        if (stage.equals("RelayStage")) {
            return "Relay checks (" + stage + "): " + rate + " per second, bursts of up to " + burst + ". Answers posted to relays are "
                    + "not counted here, only against the account's 10,000 API Gateway requests per second, so large downloads are not slowed.";
        }
        return "Messages agents send the backend (" + stage + ": connecting, heartbeats): " + rate + " per second, bursts of up to "
                + burst + "; more are refused. Answers do not count: agents post them straight to the waiting relay.";
    }
}
