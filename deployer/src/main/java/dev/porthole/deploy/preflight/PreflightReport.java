package dev.porthole.deploy.preflight;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.porthole.deploy.DeployException;

/** Every check made before a deployment, in the order they ran. */
public record PreflightReport(List<PreflightCheck> checks) {

    public PreflightReport {
        checks = List.copyOf(checks);
    }

    public static PreflightReport of(List<PreflightCheck> checks) {
        return new PreflightReport(checks);
    }

    public List<PreflightCheck> failures() {
        return checks.stream().filter(PreflightCheck::failed).toList();
    }

    public List<PreflightCheck> warnings() {
        return checks.stream().filter(c -> c.outcome() == PreflightCheck.Outcome.WARNING).toList();
    }

    public boolean passed() {
        return failures().isEmpty();
    }

    /** The failures as one error, if any check failed: every problem, then every next step. */
    public Optional<DeployException> failure() {
        List<PreflightCheck> failed = failures();
        if (failed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DeployException(
                failed.stream().map(PreflightCheck::message).collect(Collectors.joining(" ")) + " Nothing was created or changed.",
                failed.stream().map(PreflightCheck::nextStep).collect(Collectors.joining(" "))));
    }
}
