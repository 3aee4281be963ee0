import Glibc
import UsageCommands

exit(
    ExporterMain.run(
        arguments: Array(CommandLine.arguments.dropFirst()), environment: ExporterMain.processEnvironment()))
