package dev.porthole.agent.cli;

import dev.porthole.agent.tunnel.AgentVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code porthole-agent} command: {@code java -jar porthole-agent.jar http 3000 --backend ... --token ...}. */
@Command(name = "porthole-agent",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Expose a local port through your own Porthole backend.",
    subcommands = {HttpCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        dev.porthole.agent.VirtualThreadPolling.usePlatformPollerThreads();
        Logging.quiet();
        System.exit(commandLine().execute(args));
    }

    /** The command line as {@link #main} runs it; tests give it their own output streams. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setParameterExceptionHandler(Main::wrongArguments);
    }

    /** A wrong argument: say which, show the one-line usage and where the full help is, exit 2. */
    private static int wrongArguments(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        java.io.PrintWriter err = cmd.getErr();
        err.println(cmd.getColorScheme().errorText(e.getMessage()));
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            err.print("Usage: " + cmd.getHelp().synopsis("Usage: ".length()));
        }
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {AgentVersion.PRODUCT, "protocol " + dev.porthole.protocol.Handshake.PROTOCOL_VERSION};
        }
    }
}
