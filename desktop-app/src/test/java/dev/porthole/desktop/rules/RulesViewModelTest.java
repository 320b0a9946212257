package dev.porthole.desktop.rules;

import dev.porthole.policy.Deny;
import dev.porthole.policy.FixedResponse;
import dev.porthole.policy.RateLimit;
import dev.porthole.policy.RequestMatch;
import dev.porthole.policy.RestrictIps;
import dev.porthole.policy.Secret;
import dev.porthole.policy.StaticResponse;
import dev.porthole.policy.TrafficPolicy;
import dev.porthole.policy.VerifyWebhook;
import dev.porthole.policy.WebhookProvider;
import dev.porthole.policy.ip.IpRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RulesViewModelTest {
    static final String SECRET = "whsec_abcdefghijklmnop9f3a";

    static RulesViewModel rules(TrafficPolicy saved) {
        return new RulesViewModel(TunnelRules.of(saved), false, List.of(), "shop", Clock.systemUTC(), name -> null);
    }

    @Test
    void an_ip_rule_is_checked_by_the_library_as_it_is_typed_and_goes_in_only_when_valid() {
        RulesViewModel model = rules(TrafficPolicy.NONE);
        model.add(RuleKind.IP_RANGES);
        RuleForm form = model.formProperty().get();
        assertThat(form.errorProperty().get()).isEqualTo("Give at least one range to allow or deny.");
        assertThat(model.readyBinding().get()).as("a half-filled rule holds the dialog's Save").isFalse();

        form.allowProperty().set("10.1.2.3/8");
        assertThat(form.errorProperty().get()).isEqualTo("\"10.1.2.3/8\" has bits set after the /8 prefix; did you mean 10.0.0.0/8?");
        assertThat(model.apply()).isFalse();
        assertThat(model.rules()).isEmpty();

        form.allowProperty().set("10.0.0.0/8, 2001:db8::/32");
        form.denyProperty().set("10.0.0.13");
        assertThat(form.errorProperty().get()).isEmpty();
        assertThat(model.apply()).isTrue();
        assertThat(model.formProperty().get()).isNull();
        assertThat(model.rules()).containsExactly(new RestrictIps(RequestMatch.any(),
                List.of(IpRange.parse("10.0.0.0/8"), IpRange.parse("2001:db8::/32")), List.of(IpRange.parse("10.0.0.13/32"))));
        assertThat(model.summary(0)).isEqualTo("IP addresses: allow 10.0.0.0/8, 2001:db8::/32; deny 10.0.0.13/32");
        assertThat(model.changedProperty().get()).isTrue();
    }

    @Test
    void header_names_are_judged_by_the_library_and_a_line_without_a_colon_says_how_to_write_it() {
        RulesViewModel model = rules(TrafficPolicy.NONE);
        model.add(RuleKind.REQUEST_HEADERS);
        RuleForm form = model.formProperty().get();
        form.addHeadersProperty().set("X-Source porthole");
        assertThat(form.errorProperty().get()).isEqualTo("Line 1 (\"X-Source porthole\") is not a header: write one a line, as Name: value.");
        form.addHeadersProperty().set("X Source: porthole");
        assertThat(form.errorProperty().get()).startsWith("\"X Source\" is not a header name");
        form.addHeadersProperty().set("X-Source: porthole");
        form.removeHeadersProperty().set("Cookie");
        form.pathProperty().set("/api/*");
        assertThat(model.apply()).isTrue();
        assertThat(model.summary(0)).isEqualTo("Request headers (/api/*): remove Cookie; add X-Source: porthole");
    }

    @Test
    void rules_are_reordered_edited_and_removed_in_place() {
        RateLimit limit = RateLimit.perTunnel(60, RateLimit.Window.MINUTE);
        Deny deny = Deny.matching(RequestMatch.path("/admin/*"));
        FixedResponse robots = FixedResponse.of(RequestMatch.path("/robots.txt"), StaticResponse.of(200, "User-agent: *\n"));
        RulesViewModel model = rules(TrafficPolicy.of(limit, deny, robots));

        model.moveUp(2);
        assertThat(model.rules()).containsExactly(limit, robots, deny);
        model.moveDown(0);
        assertThat(model.rules()).containsExactly(robots, limit, deny);
        model.moveUp(0);
        model.moveDown(2);
        assertThat(model.rules()).as("the ends stay where they are").containsExactly(robots, limit, deny);

        model.edit(1);
        RuleForm form = model.formProperty().get();
        assertThat(form.limitProperty().get()).isEqualTo("60");
        form.limitProperty().set("none");
        assertThat(form.errorProperty().get()).isEqualTo("The limit is a number of requests, such as 60.");
        form.limitProperty().set("0");
        assertThat(form.errorProperty().get()).isEqualTo("Limit must be from 1 to 1000000, got 0.");
        form.limitProperty().set("10");
        form.perCallerIpProperty().set(true);
        assertThat(model.apply()).isTrue();
        assertThat(model.rules().get(1)).isEqualTo(RateLimit.perCallerIp(10, RateLimit.Window.MINUTE));

        model.remove(0);
        assertThat(model.rules()).containsExactly(RateLimit.perCallerIp(10, RateLimit.Window.MINUTE), deny);
        assertThat(model.policy().rules()).hasSize(2);
    }

    @Test
    void a_webhook_secret_is_never_shown_back_and_an_empty_field_keeps_it() {
        VerifyWebhook github = VerifyWebhook.github(Secret.of(SECRET));
        RulesViewModel model = rules(TrafficPolicy.of(github));
        assertThat(model.summary(0)).endsWith("secret …9f3a").doesNotContain(SECRET).doesNotContain("abcdef");

        model.edit(0);
        RuleForm form = model.formProperty().get();
        assertThat(form.secretProperty().get()).as("the field starts empty").isEmpty();
        assertThat(form.savedSecretHint()).isEqualTo("Saved secret …9f3a. Leave empty to keep it, or type a new one.");
        assertThat(form.errorProperty().get()).isEmpty();
        form.pathProperty().set("/hooks/github");
        assertThat(model.apply()).isTrue();
        VerifyWebhook kept = (VerifyWebhook) model.rules().getFirst();
        assertThat(kept.secret().reveal()).as("the saved secret stays").isEqualTo(SECRET);

        model.add(RuleKind.WEBHOOK);
        RuleForm fresh = model.formProperty().get();
        fresh.providerProperty().set(WebhookProvider.HMAC_SHA256);
        fresh.secretProperty().set("another-secret-0000");
        assertThat(fresh.errorProperty().get()).startsWith("Hmac-sha256 needs the header that carries the signature")
                .endsWith("Enter the header the sender puts the signature in.");
        fresh.signatureHeaderProperty().set("X-Signature");
        fresh.secretProperty().set("");
        assertThat(fresh.errorProperty().get()).isEqualTo("The secret is empty. Paste the signing secret from the provider's webhook settings.");
        fresh.secretProperty().set("another-secret-0000");
        assertThat(model.apply()).isTrue();
        assertThat(model.summary(1)).isEqualTo("Webhook signature: HMAC-SHA256 signature in X-Signature, secret …0000");
    }

    @Test
    void a_stripe_or_slack_tolerance_is_shown_edited_and_checked_by_the_library() {
        VerifyWebhook stripe = new VerifyWebhook(RequestMatch.any(), WebhookProvider.STRIPE, Secret.of(SECRET), java.util.Optional.empty(),
                java.util.Optional.of(java.time.Duration.ofSeconds(120)));
        RulesViewModel model = rules(TrafficPolicy.of(stripe));
        model.edit(0);
        RuleForm form = model.formProperty().get();
        assertThat(form.toleranceProperty().get()).isEqualTo("120");

        form.toleranceProperty().set("soon");
        assertThat(form.errorProperty().get()).isEqualTo("The tolerance is a number of seconds, such as 300.");
        form.toleranceProperty().set("0");
        assertThat(form.errorProperty().get()).startsWith("Tolerance must be from 1 to ");
        form.toleranceProperty().set("600");
        assertThat(model.apply()).isTrue();
        assertThat(((VerifyWebhook) model.rules().getFirst()).tolerance()).contains(java.time.Duration.ofSeconds(600));

        model.add(RuleKind.WEBHOOK);
        RuleForm github = model.formProperty().get();
        github.secretProperty().set("github-secret-0000");
        github.toleranceProperty().set("not used");
        assertThat(github.errorProperty().get()).as("GitHub signatures carry no time: the field is not read").isEmpty();
        assertThat(model.apply()).isTrue();
        assertThat(((VerifyWebhook) model.rules().get(1)).tolerance()).isEmpty();
    }

    @Test
    void a_rate_limit_counts_per_second_minute_or_hour_as_chosen_and_keeps_what_it_was_saved_with() {
        RulesViewModel model = rules(TrafficPolicy.of(RateLimit.perTunnel(1000, RateLimit.Window.HOUR)));
        model.edit(0);
        RuleForm form = model.formProperty().get();
        assertThat(form.windowProperty().get()).isEqualTo(RateLimit.Window.HOUR);
        form.windowProperty().set(RateLimit.Window.SECOND);
        form.limitProperty().set("5");
        assertThat(model.apply()).isTrue();
        assertThat(model.rules()).containsExactly(RateLimit.perTunnel(5, RateLimit.Window.SECOND));
        assertThat(model.summary(0)).isEqualTo("Rate limit: 5 requests per second for the tunnel");
    }

    @Test
    void a_second_fallback_for_the_same_situation_is_refused_with_the_rule_it_clashes_with() {
        RulesViewModel model = rules(TrafficPolicy.NONE);
        model.add(RuleKind.FALLBACK);
        assertThat(model.formProperty().get().errorProperty().get()).isEmpty();
        assertThat(model.apply()).isTrue();
        model.add(RuleKind.FALLBACK);
        model.formProperty().get().whenLocalDownProperty().set(false);
        assertThat(model.apply()).isFalse();
        assertThat(model.formErrorProperty().get()).isEqualTo("Rule 2 (fallback-response): rule 1 already answers when tunnel-offline; keep one of them.");
        model.formProperty().get().whenOfflineProperty().set(false);
        assertThat(model.formProperty().get().errorProperty().get())
                .isEqualTo("Say when to answer: tunnel-offline, local-service-down or both. Tick when this answer is given.");
        model.cancel();
        assertThat(model.rules()).hasSize(1);
        assertThat(model.readyBinding().get()).isTrue();
    }

    @Test
    void a_policy_file_replaces_the_rules_and_a_bad_one_names_its_line_and_changes_nothing(@TempDir Path dir) throws Exception {
        RulesViewModel model = new RulesViewModel(TunnelRules.NONE, false, List.of(), null, Clock.systemUTC(),
                Map.of("GITHUB_SECRET", SECRET)::get);
        Path good = dir.resolve("policy.yaml");
        Files.writeString(good, """
                version: 1
                rules:
                  - kind: verify-webhook
                    provider: github
                    secret: {env: GITHUB_SECRET}
                  - kind: rate-limit
                    limit: 30
                    per: minute
                """);
        assertThat(model.importFile(good)).isTrue();
        assertThat(model.importMessageProperty().get()).isEqualTo("Imported 2 rules from policy.yaml in place of the ones here.");
        assertThat(((VerifyWebhook) model.rules().getFirst()).secret().reveal()).isEqualTo(SECRET);

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                version: 1
                rules:
                  - kind: rate-limit
                    limit: lots
                """);
        assertThat(model.importFile(bad)).isFalse();
        assertThat(model.importMessageProperty().get()).contains("bad.yaml, line 4").endsWith("Fix the file and import it again; the rules here did not change.");
        assertThat(model.rules()).hasSize(2);
    }

    @Test
    void a_running_tunnel_says_saving_reconnects_it_once_its_rules_changed() {
        RulesViewModel model = new RulesViewModel(TunnelRules.NONE, true, List.of(), "shop", Clock.systemUTC(), name -> null);
        assertThat(model.restartsOnSaveBinding().get()).isFalse();
        model.add(RuleKind.DENY);
        model.formProperty().get().pathProperty().set("/admin/*");
        assertThat(model.apply()).isTrue();
        assertThat(model.restartsOnSaveBinding().get()).isTrue();
        model.remove(0);
        assertThat(model.restartsOnSaveBinding().get()).as("back to what was saved").isFalse();
    }

    @Test
    void unreadable_saved_rules_stay_until_the_list_is_changed_so_an_edit_of_the_name_does_not_open_the_tunnel() {
        TunnelRules unreadable = TunnelRules.unreadable(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("version", 9), "this policy is version 9");
        RulesViewModel untouched = new RulesViewModel(unreadable, false, List.of(), null, Clock.systemUTC(), name -> null);
        assertThat(untouched.savedProblemProperty().get()).startsWith("The rules saved for this tunnel could not be read (this policy is version 9)");
        assertThat(untouched.toSave()).isSameAs(unreadable);

        RulesViewModel cleared = new RulesViewModel(unreadable, false, List.of(), null, Clock.systemUTC(), name -> null);
        cleared.replaceAll(TrafficPolicy.NONE);
        assertThat(cleared.toSave()).as("set to none on purpose").isEqualTo(TunnelRules.NONE);

        RulesViewModel added = new RulesViewModel(unreadable, false, List.of(), null, Clock.systemUTC(), name -> null);
        added.add(RuleKind.DENY);
        assertThat(added.apply()).isTrue();
        assertThat(added.toSave().intact()).isTrue();
        assertThat(added.toSave().policy().rules()).hasSize(1);
    }
}
