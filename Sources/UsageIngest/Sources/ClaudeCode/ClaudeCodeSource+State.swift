package import UsageModel

extension ClaudeCodeSource {
    package func encodeState(into writer: inout StateWriter) {
        writer.write(labeler.mode.rawValue)
        let labels = labeler.known.sorted { $0.key < $1.key }
        writer.write(labels.count)
        for (folder, label) in labels {
            writer.write(folder)
            writer.write(label)
        }
        tracker.encode(into: &writer)
    }

    package func restoreState(from reader: inout StateReader) throws(StateError) {
        let mode = try reader.readString()
        let labelCount = try reader.readCount(minimumItemBytes: 8)
        var labels: [String: String] = [:]
        for _ in 0..<labelCount {
            labels[try reader.readString()] = try reader.readString()
        }
        // Labels made in another --label.project mode are not reused; new series get the new mode.
        if mode == labeler.mode.rawValue { labeler.known = labels }
        tracker = try FileTracker.decode(from: &reader)
        // Series ids belong to the ledger restored beside this state: none may be carried over.
        seriesByProject = [:]
    }

    package func readAgainForActivity() {
        guard countsActivity else { return }
        tracker = FileTracker()
    }
}
