package dev.porthole.local.gateway;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of API Gateway's mapping-template language (Velocity) that MOCK integrations of a WebSocket API use here:
 * {@code $context.<name>} and {@code ${context.<name>}} references, replaced by the connection's and message's values
 * (apigateway-websocket-api-mapping-template-reference). Anything else a template might use — directives, other
 * variables — is refused when the backend starts, so an unsupported template fails loudly instead of rendering
 * differently from AWS.
 */
final class MappingTemplates {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{?context\\.([A-Za-z]+)}?");
    private static final Pattern UNSUPPORTED = Pattern.compile("#\\w|\\$(?!\\{?context\\.)[A-Za-z{!]");

    private MappingTemplates() {
    }

    /** @throws IllegalStateException when the template uses what the local backend does not render */
    static void check(String template) {
        Matcher unsupported = UNSUPPORTED.matcher(template);
        if (unsupported.find()) {
            throw new IllegalStateException("the local backend renders only $context variables in mapping templates; "
                + "this one uses \"" + template.substring(unsupported.start(), Math.min(template.length(), unsupported.start() + 20)) + "\"");
        }
    }

    static String render(String template, Map<String, String> context) {
        Matcher m = REFERENCE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(context.getOrDefault(m.group(1), "")));
        }
        m.appendTail(out);
        return out.toString();
    }
}
