import UsageCommands
import UsageSystem

StandardIO.exit(
    ExporterMain.run(arguments: Array(CommandLine.arguments.dropFirst()), environment: StandardIO.environment()))
