/// One part of the exposition rendered in both formats, each also deflated, so a scrape of
/// either only copies bytes.
package struct RenderedPart: Sendable {
    package var text: [UInt8]
    package var openMetrics: [UInt8]
    package var deflatedText: DeflatedBytes?
    package var deflatedOpenMetrics: DeflatedBytes?

    package init(
        text: [UInt8] = [], openMetrics: [UInt8] = [], deflatedText: DeflatedBytes? = nil,
        deflatedOpenMetrics: DeflatedBytes? = nil
    ) {
        self.text = text
        self.openMetrics = openMetrics
        self.deflatedText = deflatedText
        self.deflatedOpenMetrics = deflatedOpenMetrics
    }

    /// Renders both formats with `render` and deflates them.
    package static func rendering(_ render: (ExpositionFormat) -> [UInt8]) -> RenderedPart {
        let text = render(.text)
        let openMetrics = render(.openMetrics)
        return RenderedPart(
            text: text, openMetrics: openMetrics, deflatedText: Gzip.deflate(text),
            deflatedOpenMetrics: Gzip.deflate(openMetrics))
    }

    package subscript(format: ExpositionFormat) -> [UInt8] {
        format == .text ? text : openMetrics
    }

    package func deflated(_ format: ExpositionFormat) -> DeflatedBytes? {
        format == .text ? deflatedText : deflatedOpenMetrics
    }
}
