package dev.porthole.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The template passes every static check, and each check catches the mistake it is there for: every
 * test breaks a copy of the real template in one place and expects that check to name the problem.
 */
class StaticChecksTest {

    private static final Template TEMPLATE = Template.load();
    private static final ResourceSpecification SPEC = ResourceSpecification.load();

    /** The real template with one text replacement, which must apply exactly once. */
    private static Template mutated(String from, String to) {
        String text = TEMPLATE.text();
        int at = text.indexOf(from);
        assertThat(at).as("mutation target %s", from).isNotNegative();
        assertThat(text.indexOf(from, at + 1)).as("mutation target %s is not unique", from).isNegative();
        return Template.parse(text.substring(0, at) + to + text.substring(at + from.length()));
    }

    private static void assertCatches(Function<Template, List<String>> check, String from, String to, String expected) {
        assertThat(check.apply(TEMPLATE)).as("the real template").isEmpty();
        assertThat(check.apply(mutated(from, to))).as("after replacing %s by %s", from, to)
                .anySatisfy(problem -> assertThat(problem).contains(expected));
    }

    @Test
    void theRealTemplatePassesEveryCheck() {
        assertThat(SPEC.version()).isEqualTo("117.0.0");
        assertThat(TemplateChecks.againstSpecification(TEMPLATE, SPEC)).isEmpty();
        assertThat(TemplateChecks.references(TEMPLATE)).isEmpty();
        assertThat(TemplateChecks.apiGatewayCanInvokeTheFunction(TEMPLATE)).isEmpty();
        assertThat(TemplateChecks.leastPrivilege(TEMPLATE)).isEmpty();
        assertThat(TemplateChecks.functionVersionFollowsTheFunction(TEMPLATE)).isEmpty();
        assertThat(TemplateChecks.logsGoToTheStacksLogGroup(TEMPLATE)).isEmpty();
        assertThat(TemplateChecks.fitsInline(TEMPLATE)).isEmpty();
        assertThat(TemplateChecks.relaysNeverInvokeTheFunction(TEMPLATE)).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            AuthorizationType: AWS_IAM         | AuthorizationType: NONE              | must be AWS_IAM-authorised
            '      RouteResponseSelectionExpression: $default\n'  | ''             | the relay $default must answer
            'RelayIdentityIntegration:\n    Type: AWS::ApiGatewayV2::Integration\n    Properties:\n      ApiId: !Ref RelayApi\n      IntegrationType: MOCK' | 'RelayIdentityIntegration:\n    Type: AWS::ApiGatewayV2::Integration\n    Properties:\n      ApiId: !Ref RelayApi\n      IntegrationType: AWS_PROXY' | must have a MOCK integration
            """)
    void relaysOpenAndAnswerWithoutTheFunction(String from, String to, String expected) {
        assertCatches(TemplateChecks::relaysNeverInvokeTheFunction, from.replace("\\n", "\n"), to.replace("\\n", "\n"), expected);
    }

    @Test
    void seedBugOnePermissionWithoutTheStageIsCaught() {
        // the original project's permission: arn:...:<api>/$connect, denied by API Gateway at $connect
        assertCatches(TemplateChecks::apiGatewayCanInvokeTheFunction,
                "${WebSocketApi}/*/$connect\"", "${WebSocketApi}/$connect\"", "ConnectPermission: SourceArn");
        assertCatches(TemplateChecks::apiGatewayCanInvokeTheFunction,
                "${WebSocketApi}/*/$connect\"", "${WebSocketApi}/$connect\"", "has no stage segment");
        assertCatches(TemplateChecks::apiGatewayCanInvokeTheFunction,
                "${HttpApi}/*\"", "${HttpApi}\"", "HttpPermission: SourceArn");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /*/$default"                       | /*/$defualt"                         | names route $defualt
            SourceArn: !Sub "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${WebSocketApi}/*/$disconnect" | SourceArn: !Sub "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${WebSocketApi}/*/$default" | no Lambda permission lets WebSocketApi invoke the function for route $disconnect
            IntegrationUri: !Ref FunctionAlias | IntegrationUri: !GetAtt Function.Arn | HttpIntegration: IntegrationUri must invoke FunctionAlias
            ${FunctionAlias}/invocations       | ${Function}/invocations              | WebSocketIntegration: IntegrationUri must invoke FunctionAlias
            """)
    void everyRouteInvokesTheAlias(String from, String to, String expected) {
        assertCatches(TemplateChecks::apiGatewayCanInvokeTheFunction, from, to, expected);
    }

    @Test
    void aPermissionOnTheFunctionInsteadOfTheAliasIsCaught() {
        String text = TEMPLATE.text().replaceFirst("(?s)(HttpPermission:.*?FunctionName: )!Ref FunctionAlias", "$1!Ref Function");
        assertThat(TemplateChecks.apiGatewayCanInvokeTheFunction(Template.parse(text)))
                .contains("HttpPermission: FunctionName must be !Ref FunctionAlias (the alias API Gateway invokes)");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Type: AWS::Lambda::Function        | Type: AWS::Lambda::Functions         | resource type AWS::Lambda::Functions is not in the specification
            MemorySize: !Ref MemorySize        | MemorySise: !Ref MemorySize          | Function: property MemorySise is not in the specification
            ApplyOn: PublishedVersions         | ApplyOnn: PublishedVersions          | Function.SnapStart: property ApplyOnn
            Enabled: true                      | Enable: true                         | Table.TimeToLiveSpecification: property Enable
            SecurityPolicy: TLS_1_2            | SecurityPolicys: TLS_1_2             | CustomDomain.DomainNameConfigurations.0: property SecurityPolicys
            !GetAtt FunctionVersion.Version    | !GetAtt FunctionVersion.Number       | AWS::Lambda::Version has no attribute Number
            !GetAtt CustomDomain.RegionalDomainName | !GetAtt CustomDomain.DomainName | has no attribute DomainName
            Timeout: 30                        | Timeout: thirty                      | Function.Timeout: thirty is not a Integer
            Architectures: [arm64]             | Architectures: arm64                 | Function.Architectures: must be a list
            'Role: !GetAtt FunctionRole.Arn'   | 'Rol: !GetAtt FunctionRole.Arn'      | required property Role is missing
            DependsOn: HttpRoute               | DependOn: HttpRoute                  | HttpStage: DependOn is not a resource attribute
            """)
    void everyTypePropertyAndAttributeIsInTheSpecification(String from, String to, String expected) {
        assertCatches(t -> TemplateChecks.againstSpecification(t, SPEC), from, to, expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            PORTHOLE_TABLE: !Ref Table         | PORTHOLE_TABLE: !Ref Tabel           | Ref Tabel names no parameter, resource or pseudo parameter
            Role: !GetAtt FunctionRole.Arn     | Role: !GetAtt FunctionsRole.Arn      | GetAtt FunctionsRole names no resource
            ${WebSocketApi}/${StageName}/POST/ | ${WebSocketApi}/${Stage}/POST/       | Sub Stage names no parameter
            'DependsOn: [FunctionLogGroup, '   | 'DependsOn: [FunctionLogGrp, '       | DependsOn FunctionLogGrp names no resource
            Value: !GetAtt CustomDomain.RegionalDomainName | Value: !GetAtt Domain.RegionalDomainName | GetAtt Domain names no resource
            """)
    void everyReferenceHasATarget(String from, String to, String expected) {
        assertCatches(TemplateChecks::references, from, to, expected);
    }

    @Test
    void pseudoParameterTyposAndConditionMistakesAreCaught() {
        assertCatches(TemplateChecks::references, "${AWS::Region}.${AWS::URLSuffix}/${StageName}\"\n          PORTHOLE_ANSWER_ROLE_ARN",
                "${AWS::Regoin}.${AWS::URLSuffix}/${StageName}\"\n          PORTHOLE_ANSWER_ROLE_ARN", "Sub AWS::Regoin names no parameter");
        // the mapping needs the custom domain, which exists only with HasCustomDomain
        assertCatches(TemplateChecks::references, "    Condition: HasCustomDomain\n    Properties:\n      DomainName: !Ref CustomDomain",
                "    Properties:\n      DomainName: !Ref CustomDomain", "Ref CustomDomain exists only when HasCustomDomain is true");
        assertCatches(TemplateChecks::references, "  CustomDomainTarget:\n    Condition: HasCustomDomain",
                "  CustomDomainTarget:\n    Condition: HasDomain", "condition HasDomain is not defined");
        assertCatches(TemplateChecks::references, "PORTHOLE_PUBLIC_URL: !If\n            - HasCustomDomain",
                "PORTHOLE_PUBLIC_URL: !If\n            - HasDomain", "condition HasDomain is not defined");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            - dynamodb:Query                   | - dynamodb:*                         | action dynamodb:* is a wildcard
            - logs:PutLogEvents                | - logs:Put*                          | action logs:Put* is a wildcard
            Resource: !GetAtt Table.Arn        | Resource: '*'                        | resource * allows every resource
            ${WebSocketApi}/${StageName}/POST/@connections/* | ${WebSocketApi}/*/POST/@connections/* | has a wildcard before its last segment
            Resource: !GetAtt Table.Arn        | 'Resource: !Sub "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/other"' | names no resource of this stack
            Service: lambda.amazonaws.com      | AWS: '*'                             | trust policy allows principal *
            '      Policies:\n        - PolicyName: porthole-function' | '      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]\n      Policies:\n        - PolicyName: porthole-function' | ManagedPolicyArns grant more
            ${RelayApi}/${StageName}/POST/@connections/* | ${RelayApi}/*/POST/@connections/* | has a wildcard before its last segment
            """)
    void iamStatementsAreLeastPrivilege(String from, String to, String expected) {
        assertCatches(TemplateChecks::leastPrivilege, from, to.replace("\\n", "\n"), expected);
    }

    @Test
    void everyFunctionInputRepublishesTheVersion() {
        assertCatches(TemplateChecks::functionVersionFollowsTheFunction,
                "${MemorySize} ${StageName} ${DomainName}\"", "${MemorySize} ${DomainName}\"",
                "does not name ${StageName}");
        assertCatches(TemplateChecks::functionVersionFollowsTheFunction,
                "Porthole ${ArtifactKey} ${AgentTokenId}", "Porthole ${ArtifactKey}", "does not name ${AgentTokenId}");
        assertCatches(TemplateChecks::functionVersionFollowsTheFunction,
                "    MaxLength: 90\n", "    MaxLength: 200\n", "Lambda allows 256");
    }

    @Test
    void logsStayInTheStacksLogGroupWithRetention() {
        assertCatches(TemplateChecks::logsGoToTheStacksLogGroup, "      RetentionInDays: 14\n", "", "RetentionInDays is not set");
        assertCatches(TemplateChecks::logsGoToTheStacksLogGroup, "/aws/lambda/${AWS::StackName}-function",
                "/aws/lambda/${AWS::StackName}-fn", "is not /aws/lambda/ + the FunctionName");
        assertCatches(TemplateChecks::logsGoToTheStacksLogGroup, "DependsOn: [FunctionLogGroup, ", "DependsOn: [",
                "must DependsOn FunctionLogGroup");
    }

    @Test
    void theTemplateFitsCloudFormationsInlineLimit() {
        assertCatches(TemplateChecks::fitsInline, "Resources:\n", "# " + "x".repeat(TemplateChecks.TEMPLATE_BODY_LIMIT) + "\nResources:\n",
                "CloudFormation takes at most 51200");
    }
}
