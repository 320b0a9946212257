package dev.porthole.protocol;

import java.util.Objects;

/** The answer to {@link Renew}: where and how to post answers from now on. */
public record Renewed(AnswerRoute answers) implements Message {
    public Renewed {
        Objects.requireNonNull(answers, "answers");
    }
}
