package dev.porthole.local.iam.identity;

import dev.porthole.local.wiring.BackendWiring;
import dev.porthole.local.wiring.TemplateWiring;
import dev.porthole.template.Template;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged template's role, its ARNs resolved as AWS names them, and what it lets the function do. */
class TemplateRolesTest {
    private final BackendWiring wiring = TemplateWiring.from(Template.load(), "0".repeat(64));
    private final TemplateRoles roles = TemplateRoles.read(Template.load(), wiring.intrinsics());
    private final Role functionRole = roles.byArn("arn:aws:iam::000000000000:role/porthole-local-FunctionRole").orElseThrow();
    private final Principal function = new Principal.RoleSession(functionRole, "porthole-local-function", List.of());
    private final Permissions permissions = new Permissions("us-east-1");
    private final String table = "arn:aws:dynamodb:us-east-1:000000000000:table/" + wiring.table().name();
    private final String api = String.valueOf(wiring.intrinsics().resolve(Map.of("Ref", "WebSocketApi")));

    @Test
    void theFunctionMayUseItsTableItemByItemAndNothingMore() {
        for (String action : List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query")) {
            assertThat(permissions.check(function, action, table).isAllowed()).as(action).isTrue();
        }
        assertThat(permissions.check(function, "dynamodb:Scan", table))
            .isEqualTo(new Decision.Denied("because no identity-based policy allows the dynamodb:Scan action"));
        assertThat(permissions.check(function, "dynamodb:GetItem", table + "-other").isAllowed()).isFalse();
    }

    @Test
    void theFunctionMayManageConnectionsOfItsOwnStageOnly() {
        String base = "arn:aws:execute-api:us-east-1:000000000000:" + api + "/local/";
        for (String method : List.of("POST", "GET", "DELETE")) {
            assertThat(permissions.check(function, "execute-api:ManageConnections", base + method + "/@connections/R0oXAdfD0kwCH6w=").isAllowed())
                .as(method).isTrue();
        }
        assertThat(permissions.check(function, "execute-api:ManageConnections", base + "PATCH/@connections/x").isAllowed()).isFalse();
        assertThat(permissions.check(function, "execute-api:ManageConnections",
            "arn:aws:execute-api:us-east-1:000000000000:" + api + "/other/POST/@connections/x").isAllowed()).isFalse();
        assertThat(permissions.check(function, "execute-api:Invoke", base + "$connect").isAllowed()).isFalse();
    }

    @Test
    void resourcesAreNamedAsAwsNamesThem() {
        assertThat(api).matches("[a-z0-9]{10}");
        assertThat(wiring.intrinsics().resolve(Map.of("Fn::GetAtt", List.of("FunctionLogGroup", "Arn"))))
            .isEqualTo("arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/porthole-local-function:*");
        assertThat(functionRole.roleId()).matches("AROA[A-Z2-7]{17}");
        assertThat(functionRole.maxSessionDuration()).hasHours(1);
    }
}
