package dev.porthole.local.iam.sts;

import dev.porthole.local.gateway.RequestBodies;
import dev.porthole.local.iam.credentials.CredentialStore;
import dev.porthole.local.iam.credentials.IssuedCredentials;
import dev.porthole.local.iam.identity.Decision;
import dev.porthole.local.iam.identity.Permissions;
import dev.porthole.local.iam.identity.Principal;
import dev.porthole.local.iam.identity.Role;
import dev.porthole.local.iam.identity.TemplateRoles;
import dev.porthole.local.iam.policy.Effect;
import dev.porthole.local.iam.policy.PolicyDocument;
import dev.porthole.local.iam.policy.PolicyException;
import dev.porthole.local.iam.policy.PolicyKind;
import dev.porthole.local.iam.policy.RequestContext;
import dev.porthole.local.iam.sigv4.SigV4Verifier;
import dev.porthole.local.iam.sigv4.SignedRequest;
import dev.porthole.local.iam.sigv4.Verification;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * STS on this computer: {@code AssumeRole} (and {@code GetCallerIdentity}) in the Query protocol, answering
 * every path it is given, so it can be mounted anywhere. A form-encoded POST (or a GET with the same
 * parameters) signed for service {@code sts}; the caller's policies must allow {@code sts:AssumeRole} on the
 * role, and the role's trust policy must name the caller; the credentials it returns are temporary and
 * checked by the same verifier as every other request here
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html). Using a role's credentials to
 * assume a role is role chaining: a session of at most one hour.
 */
public final class StsHandler extends Handler.Abstract {
    public static final String VERSION = "2011-06-15";
    private static final String NAMESPACE = "https://sts.amazonaws.com/doc/" + VERSION + "/";
    private static final int MAX_BODY = 64 * 1024;
    private static final Duration DEFAULT_DURATION = Duration.ofHours(1);
    private static final Duration MIN_DURATION = Duration.ofMinutes(15);
    private static final Duration MAX_DURATION = Duration.ofHours(12);
    private static final Duration CHAINED_MAX = Duration.ofHours(1);
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]*");
    private static final int MAX_SESSION_POLICY = 2048;

    private final SigV4Verifier verifier;
    private final Permissions permissions;
    private final TemplateRoles roles;
    private final CredentialStore credentials;
    private final Clock clock;

    public StsHandler(SigV4Verifier verifier, Permissions permissions, TemplateRoles roles, CredentialStore credentials, Clock clock) {
        this.verifier = verifier;
        this.permissions = permissions;
        this.roles = roles;
        this.credentials = credentials;
        this.clock = clock;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String requestId = UUID.randomUUID().toString();
        byte[] body = RequestBodies.read(request, MAX_BODY);
        if (body.length > MAX_BODY) {
            return send(response, callback, requestId, new StsError(413, "RequestEntityTooLarge", "Request body must be at most " + MAX_BODY + " bytes"));
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        try {
            parse(request.getHttpURI().getQuery(), parameters);
            String contentType = String.valueOf(request.getHeaders().get("Content-Type"));
            if (contentType.startsWith("application/x-www-form-urlencoded")) {
                parse(new String(body, StandardCharsets.UTF_8), parameters);
            }
        } catch (IllegalArgumentException e) {
            return send(response, callback, requestId, new StsError(400, "MalformedQueryString",
                "The parameters are not valid form encoding (a % must be followed by two hex digits)"));
        }
        Object answer = switch (verifier.verify(SignedRequest.from(request, body), "sts", permissions.region())) {
            case Verification.Rejected rejected -> switch (rejected.failure()) {
                case MISSING_AUTHENTICATION -> new StsError(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
                case INCOMPLETE_SIGNATURE -> new StsError(400, "IncompleteSignature", rejected.message());
                case UNKNOWN_ACCESS_KEY, TOKEN_INVALID -> new StsError(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
                case TOKEN_EXPIRED -> new StsError(400, "ExpiredToken", "The security token included in the request is expired");
                case SIGNATURE_MISMATCH, CLOCK_SKEW, EXPIRED -> new StsError(403, "SignatureDoesNotMatch", rejected.message());
            };
            case Verification.Verified verified -> act(verified.credentials().principal(), parameters);
        };
        if (answer instanceof StsError error) {
            return send(response, callback, requestId, error);
        }
        String action = parameters.get("Action");
        String xml = "<" + action + "Response xmlns=\"" + NAMESPACE + "\">\n  <" + action + "Result>\n" + answer
            + "  </" + action + "Result>\n  <ResponseMetadata>\n    <RequestId>" + requestId + "</RequestId>\n  </ResponseMetadata>\n</"
            + action + "Response>\n";
        return write(response, callback, requestId, 200, xml);
    }

    /** @return the Result element's content, or an {@link StsError} */
    private Object act(Principal caller, Map<String, String> parameters) {
        String action = parameters.getOrDefault("Action", "");
        String version = parameters.getOrDefault("Version", "");
        if (!version.equals(VERSION) || !(action.equals("AssumeRole") || action.equals("GetCallerIdentity"))) {
            return new StsError(400, "InvalidAction", "Could not find operation " + action + " for version " + version);
        }
        if (action.equals("GetCallerIdentity")) {
            String userId = caller instanceof Principal.RoleSession session ? session.assumedRoleId() : accountOf(caller);
            return "    <Arn>" + xml(caller.arn()) + "</Arn>\n    <UserId>" + xml(userId) + "</UserId>\n    <Account>"
                + accountOf(caller) + "</Account>\n";
        }
        return assumeRole(caller, parameters);
    }

    private Object assumeRole(Principal caller, Map<String, String> parameters) {
        String roleArn = parameters.get("RoleArn");
        String sessionName = parameters.get("RoleSessionName");
        if (roleArn == null) {
            return StsError.validation("1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
        }
        if (sessionName == null) {
            return StsError.validation("1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
        }
        if (sessionName.length() < 2 || sessionName.length() > 64) {
            return StsError.validation("1 validation error detected: Value '" + sessionName + "' at 'roleSessionName' failed to satisfy constraint: Member must have length "
                + (sessionName.length() < 2 ? "greater than or equal to 2" : "less than or equal to 64"));
        }
        if (!SESSION_NAME.matcher(sessionName).matches()) {
            return StsError.validation("1 validation error detected: Value '" + sessionName
                + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        }
        Duration duration = DEFAULT_DURATION;
        if (parameters.containsKey("DurationSeconds")) {
            try {
                duration = Duration.ofSeconds(Long.parseLong(parameters.get("DurationSeconds")));
            } catch (NumberFormatException e) {
                return StsError.validation("1 validation error detected: Value '" + parameters.get("DurationSeconds")
                    + "' at 'durationSeconds' failed to satisfy constraint: Member must be a number");
            }
            if (duration.compareTo(MIN_DURATION) < 0 || duration.compareTo(MAX_DURATION) > 0) {
                return StsError.validation("1 validation error detected: Value '" + duration.toSeconds() + "' at 'durationSeconds' failed to satisfy constraint: Member must have value "
                    + (duration.compareTo(MIN_DURATION) < 0 ? "greater than or equal to 900" : "less than or equal to 43200"));
            }
        }
        List<PolicyDocument> sessionPolicies = List.of();
        String policy = parameters.get("Policy");
        if (policy != null) {
            if (policy.length() > MAX_SESSION_POLICY) {
                return StsError.validation("1 validation error detected: Value at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048");
            }
            try {
                sessionPolicies = List.of(PolicyDocument.parseJson(policy, PolicyKind.SESSION, "the session policy"));
            } catch (PolicyException e) {
                return new StsError(400, "MalformedPolicyDocument", e.getMessage());
            }
        }
        if (caller instanceof Principal.Administrator) {
            return StsError.accessDenied("Roles may not be assumed by root accounts.");
        }
        String notAuthorized = "User: " + caller.arn() + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn;
        Decision decision = permissions.check(caller, "sts:AssumeRole", roleArn);
        if (decision instanceof Decision.Denied denied) {
            return StsError.accessDenied(denied.message(caller.arn(), "sts:AssumeRole", roleArn));
        }
        Optional<Role> role = roles.byArn(roleArn);
        RequestContext context = RequestContext.of(caller.caller(), permissions.region()).with("sts:RoleSessionName", sessionName);
        if (role.isEmpty() || role.get().trustPolicy().evaluateTrust("sts:AssumeRole", context) != Effect.ALLOW) {
            return StsError.accessDenied(notAuthorized);
        }
        // a role session assuming a role is role chaining, capped at one hour whatever the role allows
        if (caller instanceof Principal.RoleSession && duration.compareTo(CHAINED_MAX) > 0) {
            return StsError.validation("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
        }
        if (duration.compareTo(role.get().maxSessionDuration()) > 0) {
            return StsError.validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        Principal.RoleSession session = new Principal.RoleSession(role.get(), sessionName, sessionPolicies);
        Instant expiration = clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(duration);
        IssuedCredentials issued = credentials.issueTemporary(session, expiration);
        return "    <AssumedRoleUser>\n      <Arn>" + xml(session.arn()) + "</Arn>\n      <AssumedRoleId>" + xml(session.assumedRoleId())
            + "</AssumedRoleId>\n    </AssumedRoleUser>\n    <Credentials>\n      <AccessKeyId>" + issued.accessKeyId()
            + "</AccessKeyId>\n      <SecretAccessKey>" + xml(issued.secretAccessKey()) + "</SecretAccessKey>\n      <SessionToken>"
            + xml(issued.sessionToken().orElseThrow()) + "</SessionToken>\n      <Expiration>" + DateTimeFormatter.ISO_INSTANT.format(expiration)
            + "</Expiration>\n    </Credentials>\n"
            + (policy == null ? "" : "    <PackedPolicySize>" + Math.max(1, policy.length() * 100 / MAX_SESSION_POLICY) + "</PackedPolicySize>\n");
    }

    private static String accountOf(Principal principal) {
        return switch (principal) {
            case Principal.Administrator administrator -> administrator.accountId();
            case Principal.RoleSession session -> session.role().accountId();
        };
    }

    private static boolean send(Response response, Callback callback, String requestId, StsError error) {
        String xml = "<ErrorResponse xmlns=\"" + NAMESPACE + "\">\n  <Error>\n    <Type>Sender</Type>\n    <Code>" + error.code()
            + "</Code>\n    <Message>" + xml(error.message()) + "</Message>\n  </Error>\n  <RequestId>" + requestId
            + "</RequestId>\n</ErrorResponse>\n";
        return write(response, callback, requestId, error.status(), xml);
    }

    private static boolean write(Response response, Callback callback, String requestId, int status, String xml) {
        response.setStatus(status);
        response.getHeaders().put("Content-Type", "text/xml");
        response.getHeaders().put("x-amzn-RequestId", requestId);
        response.write(true, ByteBuffer.wrap(xml.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    private static void parse(String form, Map<String, String> into) {
        if (form == null || form.isEmpty()) {
            return;
        }
        for (String pair : form.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            if (!name.startsWith("X-Amz-")) {
                into.put(name, value);
            }
        }
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
