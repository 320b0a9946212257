package dev.porthole.desktop.inspect;

/** How a body is shown. */
public enum BodyKind { EMPTY, JSON, XML, HTML, FORM, MULTIPART, TEXT, IMAGE, BINARY }
