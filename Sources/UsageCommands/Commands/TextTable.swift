/// Text for a terminal, shared by the commands: aligned tables and dollar amounts.
enum TextTable {
    /// Rows in aligned columns two spaces apart: the first row is the header; in the other rows,
    /// the columns in `rightAligned` (numbers) are right-aligned, the rest left-aligned.
    static func render(_ rows: [[String]], rightAligned: (Int) -> Bool) -> String {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.enumerated().map { index, cells in
            var line = cells.enumerated().map { column, text in
                let pad = String(repeating: " ", count: widths[column] - text.count)
                return index > 0 && rightAligned(column) ? pad + text : text + pad
            }.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n") + "\n"
    }

    /// `$12.34`: rounded to the cent.
    static func dollars(_ value: Double) -> String {
        let cents = Int64((value * 100).rounded())
        return "$\(cents / 100).\(cents % 100 < 10 ? "0" : "")\(cents % 100)"
    }
}
