import Synchronization
import UsageCommands

/// Runs the command line in-process, capturing what it prints: (exit status, stdout, stderr).
package func runCommand(_ arguments: [String]) -> (status: Int32, out: String, err: String) {
    let out = Mutex<[UInt8]>([])
    let err = Mutex<[UInt8]>([])
    let output = ExporterMain.Output(
        out: { bytes in out.withLock { $0 += bytes } }, err: { bytes in err.withLock { $0 += bytes } })
    let status = ExporterMain.run(arguments: arguments, environment: [:], output: output)
    return (
        status, out.withLock { String(decoding: $0, as: UTF8.self) },
        err.withLock { String(decoding: $0, as: UTF8.self) }
    )
}
