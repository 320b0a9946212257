package dev.porthole.desktop.inspect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.porthole.agent.capture.CapturedBody;
import dev.porthole.protocol.HttpHeaders;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/** Turns a captured body and its headers into a {@link BodyView}: decoded, classified and pretty-printed. */
public final class Bodies {
    /** Text past this is not pretty-printed or highlighted (it would make the inspector sluggish). */
    static final int MAX_PRETTY_CHARS = 512 * 1024;
    static final int MAX_HEX_BYTES = 64 * 1024;
    private static final JsonFactory JSON = new JsonFactory();

    private Bodies() {
    }

    public static BodyView view(HttpHeaders headers, CapturedBody body) {
        if (body == null || body.size() == 0) {
            return new BodyView.Empty();
        }
        List<String> notices = new ArrayList<>();
        if (body.truncated()) {
            notices.add("Captured the first " + Sizes.format(body.bytes().length) + " of " + Sizes.format(body.size())
                    + "; the rest reached the caller but is not shown.");
        }
        byte[] bytes = body.bytes();
        String encoding = headers.first("Content-Encoding").map(v -> v.strip().toLowerCase(Locale.ROOT)).orElse("");
        if (!encoding.isEmpty() && !encoding.equals("identity")) {
            byte[] decoded = body.truncated() ? null : decode(bytes, encoding);
            if (decoded != null) {
                bytes = decoded;
                notices.add("Decoded from " + encoding + " (" + Sizes.format(body.size()) + " on the wire).");
            } else {
                notices.add("Encoded with " + encoding + (body.truncated() ? " and cut short, so it cannot be decoded."
                        : ", which the inspector cannot decode."));
                return new BodyView.Binary(HexDump.of(bytes, MAX_HEX_BYTES), String.join(" ", notices));
            }
        }
        String contentType = headers.first("Content-Type").orElse("");
        String mime = mimeType(contentType);
        BodyKind kind = classify(mime, bytes);
        String notice = String.join(" ", notices);
        return switch (kind) {
            case IMAGE -> new BodyView.Image(bytes, mime.isEmpty() ? "image/*" : mime, notice);
            case BINARY -> new BodyView.Binary(HexDump.of(bytes, MAX_HEX_BYTES), notice);
            case FORM -> new BodyView.Form(kind, FormFields.urlEncoded(text(bytes, charset(contentType))), notice);
            case MULTIPART -> {
                String boundary = parameter(contentType, "boundary");
                yield boundary == null ? new BodyView.Text(BodyKind.TEXT, text(bytes, charset(contentType)), notice)
                        : new BodyView.Form(kind, FormFields.multipart(bytes, boundary), notice);
            }
            default -> {
                String text = text(bytes, charset(contentType));
                if (text.length() > MAX_PRETTY_CHARS) {
                    boolean formatted = kind == BodyKind.JSON || kind == BodyKind.XML || kind == BodyKind.HTML;
                    yield new BodyView.Text(BodyKind.TEXT, text, formatted ? join(notice, "Too large to format; shown as plain text.") : notice);
                }
                yield switch (kind) {
                    case JSON -> {
                        String pretty = prettyJson(text);
                        yield pretty == null ? new BodyView.Text(BodyKind.TEXT, text, join(notice, "Declared as JSON but not valid JSON."))
                                : new BodyView.Text(BodyKind.JSON, pretty, notice);
                    }
                    case XML -> {
                        String pretty = prettyXml(text);
                        yield new BodyView.Text(BodyKind.XML, pretty == null ? text : pretty, notice);
                    }
                    default -> new BodyView.Text(kind, text, notice);
                };
            }
        };
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : a + " " + b;
    }

    static BodyKind classify(String mime, byte[] bytes) {
        if (mime.startsWith("image/") && !mime.equals("image/svg+xml")) {
            return BodyKind.IMAGE;
        }
        if (mime.equals("application/json") || mime.endsWith("+json") || mime.equals("text/json")) {
            return BodyKind.JSON;
        }
        if (mime.equals("application/x-www-form-urlencoded")) {
            return BodyKind.FORM;
        }
        if (mime.startsWith("multipart/form-data")) {
            return BodyKind.MULTIPART;
        }
        if (mime.equals("text/html")) {
            return BodyKind.HTML;
        }
        if (mime.endsWith("/xml") || mime.endsWith("+xml")) {
            return BodyKind.XML;
        }
        if (imageMagic(bytes)) {
            return BodyKind.IMAGE;
        }
        if (!isUtf8Text(bytes)) {
            return mime.startsWith("text/") ? BodyKind.TEXT : BodyKind.BINARY;
        }
        String start = new String(bytes, 0, Math.min(bytes.length, 256), StandardCharsets.UTF_8).stripLeading();
        if ((start.startsWith("{") || start.startsWith("[")) && prettyJson(new String(bytes, StandardCharsets.UTF_8)) != null) {
            return BodyKind.JSON;
        }
        if (start.regionMatches(true, 0, "<!doctype html", 0, 14) || start.regionMatches(true, 0, "<html", 0, 5)) {
            return BodyKind.HTML;
        }
        if (start.startsWith("<?xml") || start.startsWith("<")) {
            return BodyKind.XML;
        }
        return BodyKind.TEXT;
    }

    static boolean imageMagic(byte[] b) {
        return startsWith(b, 0x89, 'P', 'N', 'G') || startsWith(b, 0xFF, 0xD8, 0xFF) || startsWith(b, 'G', 'I', 'F', '8')
                || (startsWith(b, 'R', 'I', 'F', 'F') && b.length > 11 && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P');
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Valid UTF-8 (a sequence cut at the end is fine: captures are cut anywhere) without control characters. */
    public static boolean isUtf8Text(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        int length = bytes.length;
        for (int cut = 0; cut < 4 && length - cut >= 0; cut++) {
            try {
                String s = decoder.decode(ByteBuffer.wrap(bytes, 0, length - cut)).toString();
                return s.chars().noneMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f');
            } catch (CharacterCodingException e) {
                decoder.reset();
            }
        }
        return false;
    }

    public static String mimeType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    static String parameter(String contentType, String name) {
        for (String part : contentType.split(";")) {
            String p = part.strip();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).strip().equalsIgnoreCase(name)) {
                String v = p.substring(eq + 1).strip();
                return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
            }
        }
        return null;
    }

    public static Charset charset(String contentType) {
        String name = parameter(contentType, "charset");
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    public static String text(byte[] bytes, Charset charset) {
        return new String(bytes, charset);
    }

    /**
     * The bytes as text when they are UTF-8 text, else null: for HAR files and shell commands, which carry text as
     * UTF-8, so the text gives back exactly these bytes (whatever charset the headers declare).
     */
    public static String utf8TextOrNull(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return text.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ? null : text;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The body's bytes with its Content-Encoding undone when the inspector can (what Save body writes), else as captured. */
    public static byte[] decodedBytes(HttpHeaders headers, CapturedBody body) {
        String encoding = headers.first("Content-Encoding").map(v -> v.strip().toLowerCase(Locale.ROOT)).orElse("");
        if (encoding.isEmpty() || encoding.equals("identity") || body.truncated()) {
            return body.bytes();
        }
        byte[] decoded = decode(body.bytes(), encoding);
        return decoded == null ? body.bytes() : decoded;
    }

    static byte[] decode(byte[] bytes, String encoding) {
        try (InputStream in = switch (encoding) {
            case "gzip", "x-gzip" -> new GZIPInputStream(new ByteArrayInputStream(bytes));
            case "deflate" -> new InflaterInputStream(new ByteArrayInputStream(bytes));
            default -> null;
        }) {
            return in == null ? null : in.readNBytes(16 * 1024 * 1024);
        } catch (IOException e) {
            return null;
        }
    }

    /** Pretty JSON that keeps every key (duplicates too), their order and numbers exactly as written; null if invalid. */
    public static String prettyJson(String text) {
        try (JsonParser parser = JSON.createParser(text)) {
            StringWriter out = new StringWriter(text.length() + text.length() / 4);
            try (JsonGenerator generator = JSON.createGenerator(out).useDefaultPrettyPrinter()) {
                JsonToken first = parser.nextToken();
                if (first == null) {
                    return null;
                }
                generator.copyCurrentStructureExact(parser);
                if (parser.nextToken() != null) {
                    return null;
                }
            }
            return out.toString();
        } catch (IOException e) {
            return null;
        }
    }

    /** Indented XML, or null when it does not parse (or declares a DTD, which is never fetched or expanded). */
    public static String prettyXml(String text) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(true);
            Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
            stripWhitespace(doc);
            TransformerFactory tf = TransformerFactory.newInstance();
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            Transformer transformer = tf.newTransformer();
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, text.stripLeading().startsWith("<?xml") ? "no" : "yes");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString().strip();
        } catch (Exception e) {
            return null;
        }
    }

    private static void stripWhitespace(Node node) {
        NodeList children = node.getChildNodes();
        for (int i = children.getLength() - 1; i >= 0; i--) {
            Node child = children.item(i);
            if (child.getNodeType() == Node.TEXT_NODE && child.getTextContent().isBlank()) {
                node.removeChild(child);
            } else {
                stripWhitespace(child);
            }
        }
    }
}
