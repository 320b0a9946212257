package dev.porthole.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CloudFormationYamlTest {

    private static Object value(String yaml) {
        return ((Map<?, ?>) CloudFormationYaml.read("V: " + yaml)).get("V");
    }

    @Test
    void shortFormTagsBecomeTheLongForm() {
        assertThat(value("!Ref Table")).isEqualTo(Map.of("Ref", "Table"));
        assertThat(value("!Sub 'https://${HttpApi}/'")).isEqualTo(Map.of("Fn::Sub", "https://${HttpApi}/"));
        assertThat(value("!Sub ['${a}', {a: !Ref B}]"))
                .isEqualTo(Map.of("Fn::Sub", List.of("${a}", Map.of("a", Map.of("Ref", "B")))));
        assertThat(value("!If [C, x, !Ref AWS::NoValue]"))
                .isEqualTo(Map.of("Fn::If", List.of("C", "x", Map.of("Ref", "AWS::NoValue"))));
        assertThat(value("!Equals [a, b]")).isEqualTo(Map.of("Fn::Equals", List.of("a", "b")));
        assertThat(value("!Not [!Condition C]")).isEqualTo(Map.of("Fn::Not", List.of(Map.of("Condition", "C"))));
        assertThat(value("!And [!Condition A, !Condition B]")).isEqualTo(
                Map.of("Fn::And", List.of(Map.of("Condition", "A"), Map.of("Condition", "B"))));
        assertThat(value("!Or [!Condition A]")).isEqualTo(Map.of("Fn::Or", List.of(Map.of("Condition", "A"))));
        assertThat(value("!Join ['', [a, b]]")).isEqualTo(Map.of("Fn::Join", List.of("", List.of("a", "b"))));
        assertThat(value("!Select [0, !GetAZs '']"))
                .isEqualTo(Map.of("Fn::Select", List.of(0, Map.of("Fn::GetAZs", ""))));
        assertThat(value("!Split [',', 'a,b']")).isEqualTo(Map.of("Fn::Split", List.of(",", "a,b")));
        assertThat(value("!FindInMap [M, a, b]")).isEqualTo(Map.of("Fn::FindInMap", List.of("M", "a", "b")));
        assertThat(value("!Base64 hello")).isEqualTo(Map.of("Fn::Base64", "hello"));
        assertThat(value("!Cidr [10.0.0.0/16, 2, 8]")).isEqualTo(Map.of("Fn::Cidr", List.of("10.0.0.0/16", 2, 8)));
        assertThat(value("!ImportValue shared")).isEqualTo(Map.of("Fn::ImportValue", "shared"));
    }

    @Test
    void getAttSplitsAtTheFirstDotOnly() {
        assertThat(value("!GetAtt Function.Arn")).isEqualTo(Map.of("Fn::GetAtt", List.of("Function", "Arn")));
        assertThat(value("!GetAtt Function.SnapStartResponse.ApplyOn"))
                .isEqualTo(Map.of("Fn::GetAtt", List.of("Function", "SnapStartResponse.ApplyOn")));
        assertThat(value("!GetAtt [Table, Arn]")).isEqualTo(Map.of("Fn::GetAtt", List.of("Table", "Arn")));
        assertThatThrownBy(() -> value("!GetAtt Function")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Resource.Attribute");
    }

    @Test
    void datesStayStringsAsInCloudFormation() {
        assertThat(value("2010-09-09")).isEqualTo("2010-09-09");
    }

    @Test
    void refusesDuplicateKeysJavaTagsAndBrokenYaml() {
        assertThatThrownBy(() -> CloudFormationYaml.read("A: 1\nA: 2\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("A");
        assertThatThrownBy(() -> CloudFormationYaml.read("A: !!javax.script.ScriptEngineManager []\n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CloudFormationYaml.read("A: [unclosed\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Not a valid CloudFormation template");
        assertThatThrownBy(() -> CloudFormationYaml.read("A: !Unknown x\n")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTreeCannotBeChanged() {
        Map<?, ?> root = (Map<?, ?>) CloudFormationYaml.read("A: {B: [1]}");
        assertThatThrownBy(() -> ((List<?>) ((Map<?, ?>) root.get("A")).get("B")).clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
