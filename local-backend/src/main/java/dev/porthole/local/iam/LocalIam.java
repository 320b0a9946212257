package dev.porthole.local.iam;

import dev.porthole.local.iam.apigateway.ApiAuthorizer;
import dev.porthole.local.iam.credentials.CredentialStore;
import dev.porthole.local.iam.credentials.IssuedCredentials;
import dev.porthole.local.iam.identity.Permissions;
import dev.porthole.local.iam.identity.Principal;
import dev.porthole.local.iam.identity.Role;
import dev.porthole.local.iam.identity.TemplateRoles;
import dev.porthole.local.iam.policy.Caller;
import dev.porthole.local.iam.policy.Effect;
import dev.porthole.local.iam.policy.PolicyException;
import dev.porthole.local.iam.policy.RequestContext;
import dev.porthole.local.iam.sigv4.SigV4Verifier;
import dev.porthole.local.iam.sts.StsHandler;
import dev.porthole.template.Intrinsics;
import dev.porthole.template.Resource;
import dev.porthole.template.Template;

import java.time.Clock;
import java.util.List;

/**
 * AWS's identity side for one local backend: the credentials it issues (new at every start, in memory only),
 * Signature Version 4 checks, and IAM decisions from the template's roles. The function gets long-term
 * credentials for a session of its execution role (the template's {@code Function}'s {@code Role}), as Lambda
 * assumes that role for it; the emulator keeps administrator credentials of its own for setting up the table.
 */
public final class LocalIam {
    /** The service principal Lambda assumes execution roles as. */
    public static final String LAMBDA = "lambda.amazonaws.com";

    private final String region;
    private final CredentialStore credentials;
    private final SigV4Verifier verifier;
    private final Permissions permissions;
    private final TemplateRoles roles;
    private final IssuedCredentials administrator;
    private final IssuedCredentials function;
    private final Clock clock;

    private LocalIam(String region, CredentialStore credentials, SigV4Verifier verifier, Permissions permissions, TemplateRoles roles,
                     IssuedCredentials administrator, IssuedCredentials function, Clock clock) {
        this.region = region;
        this.credentials = credentials;
        this.verifier = verifier;
        this.permissions = permissions;
        this.roles = roles;
        this.administrator = administrator;
        this.function = function;
        this.clock = clock;
    }

    /**
     * Reads the roles and their policies, and issues the function's and the emulator's credentials.
     *
     * @param intrinsics the template's intrinsics resolved for this stack (see {@code LocalStack})
     * @throws PolicyException if a policy uses what the emulator cannot evaluate as
     *         IAM does, or Lambda may not assume the function's role
     */
    public static LocalIam fromTemplate(Template template, Intrinsics intrinsics, String accountId, String region, Clock clock) {
        TemplateRoles roles = TemplateRoles.read(template, intrinsics);
        Resource functionResource = template.resource("Function");
        String functionName = String.valueOf(intrinsics.resolve(functionResource.property("FunctionName")));
        String roleArn = String.valueOf(intrinsics.resolve(functionResource.property("Role")));
        Role role = roles.byArn(roleArn).orElseThrow(() -> new PolicyException(
            "the function's Role " + roleArn + " is not a role of the template"));
        RequestContext lambda = RequestContext.of(Caller.service(LAMBDA), region).with("sts:RoleSessionName", functionName);
        if (role.trustPolicy().evaluateTrust("sts:AssumeRole", lambda) != Effect.ALLOW) {
            throw new PolicyException(role.logicalId()
                + "'s AssumeRolePolicyDocument does not let " + LAMBDA + " assume it, so the function could not run");
        }
        CredentialStore credentials = new CredentialStore(clock);
        IssuedCredentials administrator = credentials.issueLongTerm(new Principal.Administrator(accountId));
        IssuedCredentials function = credentials.issueLongTerm(new Principal.RoleSession(role, functionName, List.of()));
        return new LocalIam(region, credentials, new SigV4Verifier(credentials, clock), new Permissions(region), roles,
            administrator, function, clock);
    }

    /** The emulator's own credentials: allowed everything (table setup, tests that inspect the table). */
    public IssuedCredentials administrator() {
        return administrator;
    }

    /** What the function runs with ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}). */
    public IssuedCredentials function() {
        return function;
    }

    public SigV4Verifier verifier() {
        return verifier;
    }

    public Permissions permissions() {
        return permissions;
    }

    public TemplateRoles roles() {
        return roles;
    }

    public String region() {
        return region;
    }

    /** API Gateway's IAM authorization, for the Management API and WebSocket routes with {@code AWS_IAM}. */
    public ApiAuthorizer apiGateway() {
        return new ApiAuthorizer(verifier, permissions);
    }

    /** STS, as a Jetty handler that answers whatever path it is mounted at. */
    public StsHandler sts() {
        return new StsHandler(verifier, permissions, roles, credentials, clock);
    }
}
