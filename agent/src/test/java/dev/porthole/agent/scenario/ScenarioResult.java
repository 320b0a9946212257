package dev.porthole.agent.scenario;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one scenario showed: whether it passed its goal, in one line what happened, and the figures measured.
 *
 * @param goal    the goal for the scenario, in words
 * @param outcome what happened, in words, failures included
 */
public record ScenarioResult(String id, String name, String goal, boolean passed, String outcome, Map<String, String> figures) {
    public ScenarioResult {
        figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }

    static Builder of(String id, String name, String goal) {
        return new Builder(id, name, goal);
    }

    /** Collects a scenario's figures as it runs. */
    static final class Builder {
        private final String id;
        private final String name;
        private final String goal;
        private final Map<String, String> figures = new LinkedHashMap<>();

        private Builder(String id, String name, String goal) {
            this.id = id;
            this.name = name;
            this.goal = goal;
        }

        Builder figure(String name, Object value) {
            figures.put(name, String.valueOf(value));
            return this;
        }

        ScenarioResult passed(boolean passed, String outcome) {
            return new ScenarioResult(id, name, goal, passed, outcome, figures);
        }
    }
}
