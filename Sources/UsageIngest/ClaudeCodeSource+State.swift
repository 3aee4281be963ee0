public import UsageModel

extension ClaudeCodeSource {
    public func encodeState(into writer: inout StateWriter) {
        writer.write(labeler.mode.rawValue)
        let labels = labeler.known.sorted { $0.key < $1.key }
        writer.write(labels.count)
        for (folder, label) in labels {
            writer.write(folder)
            writer.write(label)
        }
        let tracked = files.sorted { $0.value.path < $1.value.path }
        writer.write(tracked.count)
        for (identity, file) in tracked {
            writer.write(identity.device)
            writer.write(identity.inode)
            writer.write(file.path)
            writer.write(file.projectFolder)
            writer.write(file.position.offset)
            writer.write(file.position.skippingOverlong)
            writer.write(file.position.lineNumber)
            writer.write(file.sizeAtLastRead ?? UInt64.max)
            writer.write(file.mtimeAtLastRead ?? Int64.min)
            writer.write(file.headHash)
            writer.write(file.headLength)
        }
    }

    public func restoreState(from reader: inout StateReader) throws(StateError) {
        let mode = try reader.readString()
        let labelCount = try reader.readCount(minimumItemBytes: 8)
        var labels: [String: String] = [:]
        for _ in 0..<labelCount {
            labels[try reader.readString()] = try reader.readString()
        }
        // Labels made in another --label.project mode are not reused; new series get the new mode.
        if mode == labeler.mode.rawValue { labeler.known = labels }
        let fileCount = try reader.readCount(minimumItemBytes: 65)
        var restored: [FileIdentity: TrackedFile] = [:]
        for _ in 0..<fileCount {
            let identity = FileIdentity(device: try reader.readUInt64(), inode: try reader.readUInt64())
            let path = try reader.readString()
            let folder = try reader.readString()
            let position = TailPosition(
                offset: try reader.readUInt64(), skippingOverlong: try reader.readBool(),
                lineNumber: try reader.readUInt64())
            let size = try reader.readUInt64()
            let mtime = try reader.readInt64()
            var file = TrackedFile(
                path: path, projectFolder: folder, position: position, sizeAtLastRead: size == .max ? nil : size,
                mtimeAtLastRead: mtime == .min ? nil : mtime)
            file.headHash = try reader.readUInt64()
            file.headLength = try reader.readInt()
            guard (0...TrackedFile.headBytes).contains(file.headLength) else {
                throw .invalid("a head length of \(file.headLength) for \(path)")
            }
            restored[identity] = file
        }
        files = restored
        identityAtPath = Dictionary(restored.map { ($0.value.path, $0.key) }, uniquingKeysWith: { first, _ in first })
    }
}
