package dev.porthole.protocol;

/** The agent asks for fresh {@link AnswerRoute} credentials before its current ones expire; answered by {@link Renewed}. */
public record Renew() implements Message {
}
