package dev.porthole.desktop;

import java.nio.file.Path;
import java.util.List;

/**
 * The command line: {@code --config-dir DIR} (where settings, tunnels and history live) and
 * {@code --smoke-test SCREENSHOT.png} (open the window, check the embedded backend answers, save a screenshot, exit).
 */
public record LaunchOptions(Path configDir, Path smokeTest) {

    public static LaunchOptions parse(List<String> args) {
        Path config = null;
        Path smoke = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--config-dir" -> config = Path.of(value(args, ++i, a));
                case "--smoke-test" -> smoke = Path.of(value(args, ++i, a));
                case "--help", "-h" -> throw new UsageException(null);
                default -> throw new UsageException("Unknown option " + a + ".");
            }
        }
        return new LaunchOptions(config, smoke);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new UsageException(option + " needs a value.");
        }
        return args.get(i);
    }

    public static final String USAGE = """
            Usage: java -jar porthole-desktop.jar [--config-dir DIR] [--smoke-test SCREENSHOT.png]
              --config-dir DIR          keep settings, tunnels and history in DIR
                                        (default: the usual place for your system, e.g. ~/.config/porthole)
              --smoke-test FILE.png     open the window, start the embedded backend, send a request through a
                                        tunnel to a small local server, save a screenshot to FILE.png, exit
                                        (0 = all good); uses a temporary config dir unless --config-dir is given
            """;

    /** A command line the app cannot use; the message says why. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
