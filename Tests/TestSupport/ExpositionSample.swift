/// One sample line of a text exposition, parsed independently of the renderer.
package struct ExpositionSample: Equatable, Sendable {
    package var name: String
    package var labels: [String: String]
    package var value: Double

    /// Parses every sample line (comments skipped); label values unescaped.
    package static func parse(_ text: String) -> [ExpositionSample] {
        var samples: [ExpositionSample] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            var scalars = Array(line.unicodeScalars)[...]
            var name = ""
            while let c = scalars.first, c != "{", c != " " {
                name.unicodeScalars.append(c)
                scalars = scalars.dropFirst()
            }
            var labels: [String: String] = [:]
            if scalars.first == "{" {
                scalars = scalars.dropFirst()
                while scalars.first != "}" {
                    var key = ""
                    while let c = scalars.first, c != "=" {
                        key.unicodeScalars.append(c)
                        scalars = scalars.dropFirst()
                    }
                    scalars = scalars.dropFirst(2)  // ="
                    var value = ""
                    while let c = scalars.first, c != "\"" {
                        scalars = scalars.dropFirst()
                        if c == "\\", let next = scalars.first {
                            scalars = scalars.dropFirst()
                            value.unicodeScalars.append(next == "n" ? "\n" : next)
                        } else {
                            value.unicodeScalars.append(c)
                        }
                    }
                    scalars = scalars.dropFirst()
                    if scalars.first == "," { scalars = scalars.dropFirst() }
                    labels[key] = value
                }
                scalars = scalars.dropFirst()
            }
            let number = String(String.UnicodeScalarView(scalars.dropFirst()))
            let value = number == "+Inf" ? .infinity : number == "-Inf" ? -.infinity : Double(number) ?? .nan
            samples.append(ExpositionSample(name: name, labels: labels, value: value))
        }
        return samples
    }
}
