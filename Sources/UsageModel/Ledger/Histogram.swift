/// Bucket counts, sum and count of observations, with the bounds kept beside it.
package struct Histogram: Equatable, Sendable {
    /// Observations per bucket (not cumulative); the last is above the last bound.
    package internal(set) var counts: [UInt64]
    package internal(set) var sum: Double = 0
    package internal(set) var count: UInt64 = 0

    init(bucketCount: Int) {
        counts = [UInt64](repeating: 0, count: bucketCount + 1)
    }

    mutating func observe(_ value: Double, bounds: [Double]) {
        counts[Histogram.bucket(of: value, bounds)] += 1
        sum += value
        count += 1
    }

    @inline(__always)
    static func bucket(of value: Double, _ bounds: [Double]) -> Int {
        var index = 0
        while index < bounds.count, value > bounds[index] { index += 1 }
        return index
    }

    /// Moves one observation to a new value: a request whose better copy raised it.
    mutating func replace(_ old: Double, with new: Double, bounds: [Double]) {
        let from = Histogram.bucket(of: old, bounds)
        let to = Histogram.bucket(of: new, bounds)
        if from != to, counts[from] > 0 {
            counts[from] -= 1
            counts[to] += 1
        }
        sum += new - old
    }

    package mutating func absorb(_ other: Histogram) {
        for index in counts.indices { counts[index] += other.counts[index] }
        sum += other.sum
        count += other.count
    }

    /// Cumulative counts per bound, `+Inf` last.
    package var cumulative: [UInt64] {
        var running: UInt64 = 0
        return counts.map { value in
            running += value
            return running
        }
    }
}
