package dev.porthole.desktop.inspect;

import java.util.HexFormat;

/** The classic offset / hex / ASCII dump, 16 bytes a line. */
public final class HexDump {
    private static final HexFormat HEX = HexFormat.of();

    private HexDump() {
    }

    public static String of(byte[] bytes, int max) {
        int n = Math.min(bytes.length, max);
        StringBuilder out = new StringBuilder(n * 4 + 64);
        for (int line = 0; line < n; line += 16) {
            out.append(String.format("%08x  ", line));
            StringBuilder ascii = new StringBuilder(16);
            for (int i = 0; i < 16; i++) {
                if (line + i < n) {
                    byte b = bytes[line + i];
                    out.append(HEX.toHexDigits(b)).append(' ');
                    ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
                } else {
                    out.append("   ");
                }
                if (i == 7) {
                    out.append(' ');
                }
            }
            out.append(" |").append(ascii).append("|\n");
        }
        if (bytes.length > n) {
            out.append("… ").append(bytes.length - n).append(" more bytes not shown\n");
        }
        return out.toString();
    }
}
