package dev.porthole.deploy.testing;

/** Just enough XML writing for the fake AWS answers. */
final class Xml {

    private final StringBuilder out = new StringBuilder();

    Xml open(String name) {
        out.append('<').append(name).append('>');
        return this;
    }

    Xml open(String name, String namespace) {
        out.append('<').append(name).append(" xmlns=\"").append(namespace).append("\">");
        return this;
    }

    Xml close(String name) {
        out.append("</").append(name).append('>');
        return this;
    }

    /** An element with text; nothing if the value is null. */
    Xml text(String name, Object value) {
        if (value != null) {
            out.append('<').append(name).append('>').append(escape(String.valueOf(value))).append("</").append(name).append('>');
        }
        return this;
    }

    Xml raw(String xml) {
        out.append(xml);
        return this;
    }

    /** The XML without the declaration, to nest in another document. */
    String body() {
        return out.toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public String toString() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + out;
    }
}
